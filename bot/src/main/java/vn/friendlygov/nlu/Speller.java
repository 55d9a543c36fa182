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

    private static boolean isLetters(String w) {
        for (int i = 0; i < w.length(); i++) {
            if (!Character.isLetter(w.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
