package vn.friendlygov.ticket;

import java.util.regex.Pattern;

/**
 * What the resident filed. Khiếu nại and tố cáo have their own laws (Luật Khiếu nại 2011, Luật
 * Tố cáo 2018) and filing rules; the bot still records and routes them, and says how to file.
 */
public enum TicketKind {
    PHAN_ANH("phản ánh"),
    KIEN_NGHI("kiến nghị"),
    KHIEU_NAI("khiếu nại"),
    TO_CAO("tố cáo");

    // On the diacritic-free, lower-case text.
    private static final Pattern TO_CAO_WORDS = Pattern.compile("\\bto cao\\b");
    private static final Pattern KHIEU_NAI_WORDS = Pattern.compile("\\bkhieu nai\\b");
    private static final Pattern KIEN_NGHI_WORDS = Pattern.compile("\\b(kien nghi|de nghi|gop y|y kien dong gop)\\b");

    private final String label;

    TicketKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public boolean formal() {
        return this == KHIEU_NAI || this == TO_CAO;
    }

    public static TicketKind detect(String folded) {
        if (TO_CAO_WORDS.matcher(folded).find()) {
            return TO_CAO;
        }
        if (KHIEU_NAI_WORDS.matcher(folded).find()) {
            return KHIEU_NAI;
        }
        return KIEN_NGHI_WORDS.matcher(folded).find() ? KIEN_NGHI : PHAN_ANH;
    }
}
