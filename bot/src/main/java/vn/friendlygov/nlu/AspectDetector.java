package vn.friendlygov.nlu;

import vn.friendlygov.knowledge.Aspect;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which part of a procedure the question is about ("mất bao lâu" → time, "bao nhiêu tiền" → fee),
 * read from the diacritic-free text. Time is checked before fee so that "mất bao nhiêu ngày" is
 * about time while "mất bao nhiêu" alone is about money.
 */
public final class AspectDetector {
    private static final Map<Aspect, Pattern> PATTERNS = new LinkedHashMap<>();

    static {
        // "phạt"/"thuế" fold like "phát"/"thuê" (rent): only in phrases, and not when typed as the other word.
        PATTERNS.put(Aspect.PENALTY, words("bi phat|nop phat|muc phat|phat bao nhieu|xu phat|phat tien|tien phat"
                + "|phat hanh chinh|co phat|phat khong|phat ko|phat k|phat hong|phat gi|phat the nao|phat sao|phat nang|vi pham"));
        PATTERNS.put(Aspect.TAX, words("dong thue|nop thue|tien thue|thue bao nhieu|muc thue|thue khoan|thue gi|chiu thue"
                + "|khai thue|ma so thue|thue thu nhap|thue mon bai|le phi mon bai|thue gtgt|thue tncn|thue vat|phai dong thue"
                + "|thue nhu the nao|thue the nao|tinh thue|thue sao|mien thue|thue khong|thue ko|thue hong|bao nhieu thue"));
        PATTERNS.put(Aspect.TIME, words("bao lau|may ngay|bao nhieu ngay|bao nhieu lau|thoi han|thoi gian|lau khong|lau ko"
                + "|bao gio co|khi nao co|khi nao lay|may hom|trong bao nhieu|han cuoi|lau qua|lau chua|mat may|lau the"
                + "|lay lien|lay ngay|trong ngay|phai cho|lien duoc|ngay duoc"));
        PATTERNS.put(Aspect.DOCUMENTS, words("giay to|ho so gi|ho so gom|ho so can|can gi|can nhung|mang theo|mang gi"
                + "|chuan bi|gom nhung|gom gi|can mang|thu tuc gom|can co gi|nhung gi|giay gi|ban chinh|can giay"));
        // A benefit's level; "bao nhiêu tiền" is also a fee: the entry decides (DialogueEngine.Sections).
        PATTERNS.put(Aspect.AMOUNT, words("muc huong|muc tro cap|muc ho tro|duoc bao nhieu|nhan duoc bao nhieu|huong bao nhieu"
                + "|tro cap bao nhieu|ho tro bao nhieu|bao nhieu tien|bao tien|nhieu tien|muc(?! (?:dich|phat|thue|phi|le))"
                + "|duoc nhan bao nhieu|duoc huong bao nhieu|moi thang bao nhieu|1 thang bao nhieu|mot thang bao nhieu"));
        PATTERNS.put(Aspect.FEE, words("le phi|mat phi|ton phi|mien phi|thu phi|phi bao nhieu|phi la|bao nhieu tien|bao tien"
                + "|(?:het|mat|ton) bao nhieu(?! (?:ngay|lau|hom|tuan|thang|gio|buoi|thoi gian))|bao nhieu 1|bao nhieu mot|mat tien|tien khong|chi phi|phi gi"
                + "|co phi|nop phi|bao nhieu vay|gia bao nhieu|tien 1|tien mot|phi khong|phi ko"
                + "|phi|nhieu tien|tien nhieu|tinh phi|dong tien"));
        PATTERNS.put(Aspect.PLACE, words("o dau|noi nao|cho nao|lam o|nop o|dia chi|tai dau|den dau|di dau|co quan nao"
                + "|o xa|o phuong|o ubnd|o uy ban|lam tai|nop tai|len xa|ra xa|len phuong|ra phuong|o cong an"));
        PATTERNS.put(Aspect.ONLINE, words("online|truc tuyen|qua mang|vneid|dich vu cong|tren mang|qua zalo|tu nha"
                + "|qua app|tren app|dien tu|khong can den|khong can len|tren dien thoai|qua dien thoai|cong dich vu"));
        PATTERNS.put(Aspect.ELIGIBILITY, words("ai duoc|ai co the|ai phai|dieu kien|doi tuong|co duoc huong|co duoc nhan"
                + "|duoc huong|duoc nhan|ca hai|nguoi nao|truong hop nao|co phai|ai lam|ai di|co can ca|ai dung ten"));
    }

    /** Syllables that carry no topic: a message made only of these is a follow-up question. */
    private static final Set<String> GENERIC = Set.copyOf(java.util.Arrays.asList(("con thi sao the nao vay a ak ah nhi nua va voi cho hoi em anh chi "
            + "minh toi bao nhieu lau mat may ngay le phi tien thoi gian han o dau noi cho nao can gi giay to ho so "
            + "nhung gom co khong duoc online truc tuyen qua mang lam nop di den tai la ai the con viec do cai nay "
            + "vay sao ma het ton mien dieu kien doi tuong phai xin hoi nhe nha ad admin oi u da vang ok thu tuc "
            + "tren vneid dich vu cong dia chi co quan it nhieu bnhieu mot 1 lay ket qua khi bao gio nop gi ca hai "
            + "nguoi nao huong nhan ban chinh mang theo chuan bi phi tinh dong muc hong luon ho phat thue bi").split(" ")));

    private AspectDetector() {
    }

    private static Pattern words(String alternatives) {
        return Pattern.compile("(?<![a-z0-9])(" + alternatives + ")(?![a-z0-9])");
    }

    /** The aspects asked about, most specific first; empty when the question names none. */
    public static List<Aspect> detect(Analysis analysis) {
        List<Aspect> out = new ArrayList<>(2);
        for (Map.Entry<Aspect, Pattern> e : PATTERNS.entrySet()) {
            if (e.getValue().matcher(analysis.foldedText()).find() && !typedAsOtherWord(analysis, e.getKey())) {
                out.add(e.getKey());
            }
        }
        return out;
    }

    /** "tiền thuê nhà" (rent), "cấp phát": typed with diacritics, the word is not the tax or the penalty. */
    private static boolean typedAsOtherWord(Analysis analysis, Aspect aspect) {
        if (aspect != Aspect.TAX && aspect != Aspect.PENALTY) {
            return false;
        }
        String other = aspect == Aspect.TAX ? "thuê" : "phats";
        String word = aspect == Aspect.TAX ? "thuês" : "phatj";
        return analysis.toned().contains(other) && !analysis.toned().contains(word);
    }

    /** True when every syllable is an aspect or function word: "còn lệ phí thì sao?". */
    public static boolean isTopicless(Analysis analysis) {
        for (String w : analysis.folded()) {
            if (!GENERIC.contains(w)) {
                return false;
            }
        }
        return true;
    }
}
