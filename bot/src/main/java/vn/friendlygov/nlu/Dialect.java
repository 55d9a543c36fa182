package vn.friendlygov.nlu;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Southern and Central words mapped to the standard ones the knowledge base uses ("dzậy" → vậy,
 * "nộp ở mô rứa" → nộp ở đâu vậy, "khai sanh"). Words that are also ordinary words with other
 * tones ("mở", "rửa", "tế", "chị") are only mapped as typed (with their own tone or none) and
 * in the position where they carry the dialect meaning.
 */
public final class Dialect {
    /** Always replaced: the typed form (with or without its tone) has no other meaning here. */
    private static final Map<String, String> WORDS = Map.ofEntries(Map.entry("dzậy", "vậy"), Map.entry("dzay", "vậy"),
            Map.entry("dza", "vậy"), Map.entry("dzạ", "dạ"), Map.entry("rứa", "vậy"), Map.entry("rua", "vậy"),
            Map.entry("sanh", "sinh"), Map.entry("giùm", "hộ"), Map.entry("gium", "hộ"), Map.entry("dùm", "hộ"),
            Map.entry("dum", "hộ"), Map.entry("xài", "dùng"), Map.entry("xai", "dùng"), Map.entry("hổng", "không"),
            Map.entry("hông", "không"), Map.entry("nhiêu", "bao nhiêu"), Map.entry("ni", "này"),
            Map.entry("nớ", "đó"), Map.entry("mần", "làm"));
    /** "ở mô", "đi mô": where. */
    private static final Set<String> BEFORE_WHERE = Set.of("o", "di", "nop", "lam", "den", "ve", "tai", "ra", "len", "cho");
    /** "cần chi", "giấy chi": what. */
    private static final Set<String> BEFORE_WHAT = Set.of("lam", "can", "giay", "mang", "cai", "mat", "la", "gom", "to");
    /** "làm răng", "thế răng": how. */
    private static final Set<String> BEFORE_HOW = Set.of("lam", "the", "ra", "vi", "xin", "phai");

    private Dialect() {
    }

    public static List<String> standardize(List<String> words) {
        List<String> out = new ArrayList<>(words.size());
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            String prev = out.isEmpty() ? "" : VietnameseText.fold(out.get(out.size() - 1));
            String mapped = WORDS.get(w);
            if (w.equals("nhiêu") && prev.equals("bao")) {
                mapped = null;   // already "bao nhiêu"
            }
            if (mapped == null) {
                if ((w.equals("mô") || w.equals("mo")) && BEFORE_WHERE.contains(prev)) {
                    mapped = "đâu";
                } else if (w.equals("chi") && BEFORE_WHAT.contains(prev)) {
                    mapped = "gì";
                } else if ((w.equals("răng") || w.equals("rang")) && (BEFORE_HOW.contains(prev) || i == 0)) {
                    mapped = "sao";
                } else if (w.equals("tề") && i == words.size() - 1) {
                    continue;   // a closing particle ("kìa")
                }
            }
            if (mapped == null) {
                out.add(w);
            } else {
                out.addAll(List.of(mapped.split(" ")));
            }
        }
        return out;
    }
}
