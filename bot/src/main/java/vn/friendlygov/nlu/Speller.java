package vn.friendlygov.nlu;

import java.util.HashMap;
import java.util.Map;

/**
 * Fixes one-letter typos in diacritic-free syllables ("khia sinh", "dnag ky") against the
 * knowledge base's vocabulary, by the symmetric-delete method: two words within one edit share
 * a one-letter deletion. Short syllables are left alone: at three letters almost every change
 * makes another real syllable.
 */
public final class Speller {
    private static final int MIN_LENGTH = 4;

    private final Map<String, Integer> frequency;
    private final Map<String, String> bestByDelete = new HashMap<>();

    public Speller(Map<String, Integer> frequency) {
        this.frequency = Map.copyOf(frequency);
        for (Map.Entry<String, Integer> e : this.frequency.entrySet()) {
            String word = e.getKey();
            if (word.length() < MIN_LENGTH - 1) {
                continue;
            }
            consider(word, word);
            for (int i = 0; i < word.length(); i++) {
                consider(word.substring(0, i) + word.substring(i + 1), word);
            }
        }
    }

    private void consider(String key, String word) {
        String current = bestByDelete.get(key);
        if (current == null || frequency.get(word) > frequency.get(current)) {
            bestByDelete.put(key, word);
        }
    }

    public String correct(String word) {
        if (word.length() < MIN_LENGTH || frequency.containsKey(word) || !isLetters(word)) {
            return word;
        }
        String best = bestByDelete.get(word);          // a letter too many, or a swap/replace via deletes below
        for (int i = 0; i < word.length(); i++) {
            String candidate = bestByDelete.get(word.substring(0, i) + word.substring(i + 1));
            if (candidate != null && (best == null || frequency.get(candidate) > frequency.get(best))) {
                best = candidate;
            }
        }
        return best == null ? word : best;
    }

    /** True when the knowledge base's texts use this diacritic-free syllable. */
    public boolean knows(String word) {
        return frequency.containsKey(word);
    }

    /**
     * Splits run-together syllables ("lamkhaisinh" → lam khai sinh, "tamtru") into the fewest
     * known words; {@code extra} are further whole words allowed as pieces (abbreviations such as
     * "cccd"). Null when the word is known or cannot be covered by known pieces.
     */
    public java.util.List<String> split(String word, java.util.Set<String> extra) {
        int n = word.length();
        // "ngàytrảnhanh": typed with diacritics, the pieces are looked up folded and cut from the word as typed.
        String folded = VietnameseText.fold(word);
        if (n < 5 || knows(word) || !isLetters(word) || folded.length() != n
                || !folded.equals(word) && (knows(VietnameseText.foldIy(folded)) || InputRepair.isPlainSyllable(folded))) {
            return null;
        }
        return cut(word, folded, piece -> knows(VietnameseText.foldIy(piece)) || extra.contains(piece));
    }

    /**
     * {@code word} cut into the fewest pieces of two to seven letters whose {@code folded} forms
     * (same length) are all {@code known}; null when it takes fewer than two or cannot be covered.
     */
    public static java.util.List<String> cut(String word, String folded, java.util.function.Predicate<String> known) {
        int n = folded.length();
        int[] pieces = new int[n + 1];
        int[] from = new int[n + 1];
        java.util.Arrays.fill(pieces, Integer.MAX_VALUE);
        pieces[0] = 0;
        for (int end = 2; end <= n; end++) {
            for (int start = Math.max(0, end - 7); start <= end - 2; start++) {
                if (pieces[start] != Integer.MAX_VALUE && pieces[start] + 1 < pieces[end] && known.test(folded.substring(start, end))) {
                    pieces[end] = pieces[start] + 1;
                    from[end] = start;
                }
            }
        }
        if (pieces[n] == Integer.MAX_VALUE || pieces[n] < 2) {
            return null;
        }
        java.util.LinkedList<String> out = new java.util.LinkedList<>();
        for (int end = n; end > 0; end = from[end]) {
            out.addFirst(word.substring(from[end], end));
        }
        return out;
    }

    private static boolean isLetters(String w) {
        for (int i = 0; i < w.length(); i++) {
            if (!Character.isLetter(w.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
