package vn.friendlygov.nlu;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Removes greetings and thanks wrapped around a question ("Cháu chào cô chú ạ, … khai sinh cần
 * giấy tờ gì ạ, cháu cảm ơn", "Kính gửi các cô chú cán bộ, …") so the question is what gets classified. A message that is only
 * courtesies is left whole: it is small talk.
 */
public final class Courtesy {
    /** Who is greeted or thanked, and the softeners around it. */
    private static final Set<String> AROUND = Set.of("anh", "chi", "co", "chu", "bac", "ad", "admin", "em", "ca", "nha",
            "moi", "nguoi", "can", "bo", "ong", "ba", "ban", "a", "nhe", "nhieu", "rat", "truoc", "chau", "con", "xin", "da",
            "buoi", "sang", "chieu", "toi", "o", "ah", "ak", "oi", "u", "vang", "minh", "cac", "ui", "chuc", "suc", "khoe", "luon", "vui");
    /** Words that say nothing about the question on their own. */
    private static final Set<String> FILLER = Set.of("cho", "hoi", "em", "anh", "chi", "chau", "con", "toi", "minh", "a", "da",
            "voi", "nhe", "nha", "ad", "admin", "oi", "ok", "vang", "u", "vay", "la", "thi", "ma", "nhung", "roi", "ah", "ak");

    private Courtesy() {
    }

    public static List<String> strip(List<String> words) {
        boolean[] courtesy = new boolean[words.size()];
        boolean any = false;
        for (int i = 0; i < words.size(); i++) {
            String w = VietnameseText.fold(words.get(i));
            String next = i + 1 < words.size() ? VietnameseText.fold(words.get(i + 1)) : "";
            int len = w.equals("chao") ? 1 : w.equals("cam") && next.equals("on") || w.equals("kinh") && next.equals("gui") ? 2 : 0;
            if (len == 0) {
                continue;
            }
            any = true;
            int start = i;
            while (start > 0 && AROUND.contains(VietnameseText.fold(words.get(start - 1))) && !courtesy[start - 1]) {
                start--;
            }
            int end = i + len;
            while (end < words.size() && AROUND.contains(VietnameseText.fold(words.get(end)))) {
                end++;
            }
            for (int k = start; k < end; k++) {
                courtesy[k] = true;
            }
            i = end - 1;
        }
        if (!any) {
            return words;
        }
        List<String> rest = new ArrayList<>(words.size());
        int content = 0;
        for (int i = 0; i < words.size(); i++) {
            if (!courtesy[i]) {
                rest.add(words.get(i));
                if (!FILLER.contains(VietnameseText.fold(words.get(i)))) {
                    content++;
                }
            }
        }
        return content >= 2 ? rest : words;
    }
}
