package vn.friendlygov.nlu;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Character-level Vietnamese helpers: Unicode forms, diacritics and tone placement. */
public final class VietnameseText {
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern REPEATS = Pattern.compile("(\\p{L})\\1{2,}");
    private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");
    // The five tone marks as combining characters, with their Telex letters as a placement-free key.
    private static final String TONES = "\u0300\u0301\u0309\u0303\u0323";
    private static final String TONE_KEYS = "fsrxj";

    private VietnameseText() {
    }

    /** NFC, lower case, "nhieuuu" → "nhieu", one space between words. */
    public static String clean(String text) {
        return collapseRepeats(lower(text)).strip();
    }

    /** NFC and lower case only (abbreviations such as "cccd" must be looked up before repeats collapse). */
    public static String lower(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
    }

    /** "nhieuuu" → "nhieu": a letter typed three or more times in a row counts once. */
    public static String collapseRepeats(String s) {
        return REPEATS.matcher(s).replaceAll("$1");
    }

    /** The diacritic-free view; Unicode decomposition does not fold đ, so it is done by hand. */
    public static String fold(String text) {
        String s = Normalizer.normalize(text, Normalizer.Form.NFD);
        s = MARKS.matcher(s).replaceAll("");
        return s.replace('đ', 'd').replace('Đ', 'D');
    }

    /** Words of a cleaned text (letters and digits). */
    public static List<String> words(String cleaned) {
        List<String> out = new ArrayList<>();
        for (String w : NON_WORD.split(cleaned)) {
            if (!w.isEmpty()) {
                out.add(w);
            }
        }
        return out;
    }

    /**
     * A syllable with its tone moved to the end as a Telex letter, so the old and new placements
     * ("hoà", "hòa") give the same key ("hoaf") while "hoa" and "hòa" stay apart.
     */
    public static String toneKey(String syllable) {
        String d = Normalizer.normalize(syllable, Normalizer.Form.NFD);
        StringBuilder base = new StringBuilder(d.length());
        char tone = 0;
        for (int i = 0; i < d.length(); i++) {
            char c = d.charAt(i);
            int t = TONES.indexOf(c);
            if (t >= 0) {
                tone = TONE_KEYS.charAt(t);
            } else {
                base.append(c);
            }
        }
        String s = Normalizer.normalize(base, Normalizer.Form.NFC);
        return tone == 0 ? s : s + tone;
    }

    /** Spelling variants i/y after a consonant ("ky"/"ki", "ly"/"li") folded to one form. */
    public static String foldIy(String foldedSyllable) {
        int n = foldedSyllable.length();
        if (n >= 2 && foldedSyllable.charAt(n - 1) == 'y' && "bcdghklmnpqrstvx".indexOf(foldedSyllable.charAt(n - 2)) >= 0
                && !foldedSyllable.endsWith("qy")) {
            return foldedSyllable.substring(0, n - 1) + "i";
        }
        return foldedSyllable;
    }
}
