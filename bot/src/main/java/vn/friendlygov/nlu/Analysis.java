package vn.friendlygov.nlu;

import java.util.List;

/**
 * What the bot reads from one message: the diacritic-free syllables (abbreviations expanded,
 * lay terms mapped, typos fixed) and the tone-keyed syllables of the words written with diacritics.
 */
public record Analysis(String foldedText, List<String> folded, List<String> toned) {

    /** Classifier and ranking features: syllables, syllable bigrams, toned syllables. */
    public String[] features() {
        String[] out = new String[folded.size() * 2 + toned.size()];
        int n = 0;
        for (int i = 0; i < folded.size(); i++) {
            out[n++] = folded.get(i);
            if (i + 1 < folded.size()) {
                out[n++] = folded.get(i) + "_" + folded.get(i + 1);
            }
        }
        for (String t : toned) {
            out[n++] = "t:" + t;
        }
        return n == out.length ? out : java.util.Arrays.copyOf(out, n);
    }

    /** Only syllables and bigrams: the ranking must match typed-without-diacritics questions too. */
    public List<String> terms() {
        List<String> out = new java.util.ArrayList<>(folded.size() * 2);
        for (int i = 0; i < folded.size(); i++) {
            out.add(folded.get(i));
            if (i + 1 < folded.size()) {
                out.add(folded.get(i) + "_" + folded.get(i + 1));
            }
        }
        return out;
    }
}
