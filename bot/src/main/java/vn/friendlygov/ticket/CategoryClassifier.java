package vn.friendlygov.ticket;

import vn.friendlygov.nlu.Dialect;
import vn.friendlygov.nlu.InputRepair;
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
 */
public final class CategoryClassifier {
    /** One syllable: its diacritic-free form, and its tone key when written with diacritics (else null). */
    private record Syllable(String folded, String toned) {
        static Syllable of(String word) {
            String folded = VietnameseText.foldIy(VietnameseText.fold(word));
            return new Syllable(folded, folded.equals(word) ? null : VietnameseText.toneKey(word));
        }

        boolean matches(Syllable typed) {
            return folded.equals(typed.folded) && (toned == null || typed.toned == null || toned.equals(typed.toned));
        }
    }

    private record Keyword(String category, List<Syllable> syllables) {
    }

    private final List<Keyword> keywords = new ArrayList<>();
    private final List<String> order = new ArrayList<>();

    /** @param categories {@code tickets.categories}: each a map with "code" and comma-separated "keywords" */
    public CategoryClassifier(List<Map<String, String>> categories) {
        for (Map<String, String> c : categories) {
            order.add(c.get("code"));
            for (String k : c.getOrDefault("keywords", "").split(",")) {
                List<Syllable> s = syllables(k);
                if (!s.isEmpty()) {
                    keywords.add(new Keyword(c.get("code"), s));
                }
            }
        }
    }

    private static List<Syllable> syllables(String text) {
        List<String> words = new ArrayList<>();
        for (String w : VietnameseText.words(VietnameseText.lower(text))) {
            words.add(VietnameseText.collapseRepeats(InputRepair.repair(w)));
        }
        return Dialect.standardize(words).stream().map(Syllable::of).toList();
    }

    public String classify(String text) {
        List<Syllable> typed = syllables(text == null ? "" : text);
        Map<String, Integer> score = new java.util.HashMap<>();
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
                score.merge(best.category(), best.syllables().size(), Integer::sum);
                i += best.syllables().size();
            }
        }
        String winner = TicketCatalog.OTHER;
        int top = 0;
        for (String code : order) {
            int s = score.getOrDefault(code, 0);
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
