package vn.friendlygov.ticket;

import vn.friendlygov.nlu.Courtesy;
import vn.friendlygov.nlu.Dialect;
import vn.friendlygov.nlu.InputRepair;
import vn.friendlygov.nlu.Speller;
import vn.friendlygov.nlu.VietnameseText;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Puts a resident's complaint in a category by the keyword phrases of each category
 * ({@code tickets.categories[].keywords}). The text is read as syllables (raw Telex and VNI decoded,
 * dialect words standardised) and matched leftmost-longest without overlaps, so "rác thải đổ bừa
 * bãi" is "rác thải" + "đổ bừa bãi" and never the "thái độ" that spans two of its words. A keyword
 * written with diacritics matches a word the resident typed with diacritics only when its tones
 * agree ("thái độ" is not "thải đổ"); typed without diacritics, any spelling matches. The category
 * with the most syllables matched wins; ties go to the category listed first; none: {@link TicketCatalog#OTHER}.
 * Two habits of typing are read as well: run-together syllables ("nuocthai", "hồsơ trễhẹn") are split
 * into the fewest well-formed syllables, and a one-syllable keyword matched by a word typed without
 * diacritics counts half ("cong" may be cống, công or cộng; "nuoc thai" is still two whole syllables).
 */
public final class CategoryClassifier {
    /** One syllable: its diacritic-free form, and its tone key when written with diacritics (else null). */
    private record Syllable(String folded, String toned) {
        static Syllable of(String word) {
            String folded = VietnameseText.foldIy(VietnameseText.fold(word));
            return new Syllable(folded, folded.equals(word) ? null : VietnameseText.toneKey(word));
        }

        boolean ambiguous(Syllable typed) {
            return toned != null && typed.toned == null;
        }

        boolean matches(Syllable typed) {
            return folded.equals(typed.folded) && (toned == null || typed.toned == null || toned.equals(typed.toned));
        }
    }

    private record Keyword(String category, List<Syllable> syllables) {
    }

    private final List<Keyword> keywords = new ArrayList<>();
    /** Every keyword syllable, diacritic-free: a word that is one is never split ("karaoke"). */
    private final java.util.Set<String> keywordSyllables = new java.util.HashSet<>();
    private final List<String> order = new ArrayList<>();

    /** @param categories {@code tickets.categories}: each a map with "code" and comma-separated "keywords" */
    public CategoryClassifier(List<Map<String, String>> categories) {
        for (Map<String, String> c : categories) {
            order.add(c.get("code"));
            for (String k : c.getOrDefault("keywords", "").split(",")) {
                List<Syllable> s = syllables(k);
                if (!s.isEmpty()) {
                    keywords.add(new Keyword(c.get("code"), s));
                    s.forEach(x -> keywordSyllables.add(x.folded()));
                }
            }
        }
    }

    private static List<Syllable> syllables(String text) {
        return syllables(text, null);
    }

    /** The text's syllables; with {@code keep}, a run-together word none of whose whole is kept is split. */
    private static List<Syllable> syllables(String text, java.util.Set<String> keep) {
        List<String> words = new ArrayList<>();
        for (String w : VietnameseText.words(VietnameseText.lower(text))) {
            String repaired = VietnameseText.collapseRepeats(InputRepair.repair(w));
            List<String> pieces = keep == null ? null : split(repaired, keep);
            if (pieces == null) {
                words.add(repaired);
            } else {
                words.addAll(pieces);
            }
        }
        // "Kính gửi các cô chú cán bộ, ...": the greeting's "cán bộ" is not a complaint about officials.
        return Courtesy.strip(Dialect.standardize(words)).stream().map(Syllable::of).toList();
    }

    /**
     * "nuocthai" → nuoc thai, "trễhẹn" → trễ hẹn: the fewest well-formed syllables covering the word
     * (each of two to seven letters). Null when the word is a syllable, a keyword, or cannot be covered.
     */
    static List<String> split(String word, java.util.Set<String> keep) {
        String folded = VietnameseText.foldIy(VietnameseText.fold(word));
        int n = folded.length();
        if (n < 4 || n != word.length() || InputRepair.isPlainSyllable(folded) || keep.contains(folded)
                || !folded.chars().allMatch(ch -> ch >= 'a' && ch <= 'z')) {
            return null;
        }
        return Speller.cut(word, folded, InputRepair::isPlainSyllable);
    }

    public String classify(String text) {
        List<Syllable> typed = syllables(text == null ? "" : text, keywordSyllables);
        Map<String, Double> score = new java.util.HashMap<>();
        int i = 0;
        while (i < typed.size()) {
            Keyword best = null;
            for (Keyword k : keywords) {
                if ((best == null || k.syllables().size() > best.syllables().size()) && matchesAt(k, typed, i)) {
                    best = k;
                }
            }
            if (best == null) {
                i++;
            } else {
                int n = best.syllables().size();
                score.merge(best.category(), n == 1 && best.syllables().get(0).ambiguous(typed.get(i)) ? 0.5 : n, Double::sum);
                i += n;
            }
        }
        String winner = TicketCatalog.OTHER;
        double top = 0;
        for (String code : order) {
            double s = score.getOrDefault(code, 0.0);
            if (s > top) {
                winner = code;
                top = s;
            }
        }
        return winner;
    }

    private static boolean matchesAt(Keyword k, List<Syllable> typed, int at) {
        List<Syllable> s = k.syllables();
        if (at + s.size() > typed.size()) {
            return false;
        }
        for (int j = 0; j < s.size(); j++) {
            if (!s.get(j).matches(typed.get(at + j))) {
                return false;
            }
        }
        return true;
    }
}
