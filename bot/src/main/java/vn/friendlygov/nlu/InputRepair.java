package vn.friendlygov.nlu;

import java.text.Normalizer;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Repairs one lower-case word typed without a Vietnamese input method: raw Telex ("ddaang",
 * "kys", "caanf"), VNI digits ("ky1", "ca62n") and doubled letters ("khaii"). A word that already
 * is a plain unaccented syllable ("sang", "co") is never touched, and a repair is kept only when
 * it gives a well-formed Vietnamese syllable, so ordinary text and abbreviations pass unchanged.
 */
public final class InputRepair {
    private static final String INITIAL = "(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?";
    private static final String FINAL = "(ch|ng|nh|[cmnpt])?";
    private static final Pattern SYLLABLE = Pattern.compile(INITIAL + "([aăâeêioôơuưy]{1,3})" + FINAL);
    /** Vowel groups of real syllables, without diacritics ("oo" only in rare loans: left out on purpose). */
    private static final Set<String> NUCLEI = Set.of("a", "e", "i", "o", "u", "y", "ai", "ao", "au", "ay", "eo", "eu", "ia",
            "ie", "iu", "oa", "oe", "oi", "ua", "ue", "ui", "uo", "uu", "uy", "ye", "ieu", "oai", "oay", "oeo", "uoi", "uou",
            "uya", "uye", "uyu", "yeu", "uay", "uai");
    private static final String TELEX_TONES = "sfrxj";
    private static final String VNI_TONES = "12345";
    /** Combining marks for sắc, huyền, hỏi, ngã, nặng. */
    private static final String MARKS = "\u0301\u0300\u0309\u0303\u0323";
    private static final Pattern ASCII_WORD = Pattern.compile("[a-z0-9]+");

    private InputRepair() {
    }

    /** The repaired word, or the word itself when it needs (or allows) no repair. */
    public static String repair(String word) {
        if (!ASCII_WORD.matcher(word).matches() || isPlainSyllable(word)) {
            return word;
        }
        String r = hasLetterThenDigit(word) ? vni(word) : telex(word);
        if (r != null) {
            return r;
        }
        String single = word.replaceAll("([a-z])\\1", "$1");
        return !single.equals(word) && isPlainSyllable(single) ? single : word;
    }

    /** A well-formed syllable written without any diacritics. */
    public static boolean isPlainSyllable(String w) {
        Matcher m = SYLLABLE.matcher(w);
        return m.matches() && NUCLEI.contains(m.group(2));
    }

    private static boolean hasLetterThenDigit(String w) {
        return w.matches("[a-z]+[a-z0-9]*[1-9][a-z0-9]*") && w.chars().anyMatch(Character::isDigit);
    }

    static String telex(String w) {
        char tone = 0;
        String base = w;
        if (w.length() > 1 && TELEX_TONES.indexOf(w.charAt(w.length() - 1)) >= 0) {
            tone = w.charAt(w.length() - 1);
            base = w.substring(0, w.length() - 1);
        }
        String s = base.startsWith("dd") ? "đ" + base.substring(2) : base;
        s = s.replace("uow", "ươ").replace("uwow", "ươ").replace("uw", "ư").replace("ow", "ơ").replace("aw", "ă")
                .replace("aa", "â").replace("ee", "ê").replace("oo", "ô");
        if (s.indexOf('w') >= 0) {
            // "nguoiw": the horn written once after the vowels.
            s = s.replace("w", "");
            s = s.contains("uo") ? s.replace("uo", "ươ") : s.replace('u', 'ư').replace('o', 'ơ');
        }
        if (s.equals(w)) {
            return null;
        }
        return finish(s, tone == 0 ? -1 : TELEX_TONES.indexOf(tone));
    }

    static String vni(String w) {
        StringBuilder letters = new StringBuilder();
        int tone = -1;
        boolean circumflex = false, horn = false, breve = false, stroke = false;
        for (char c : w.toCharArray()) {
            if (c >= 'a' && c <= 'z') {
                letters.append(c);
            } else if (VNI_TONES.indexOf(c) >= 0) {
                tone = VNI_TONES.indexOf(c);
            } else if (c == '6') {
                circumflex = true;
            } else if (c == '7') {
                horn = true;
            } else if (c == '8') {
                breve = true;
            } else if (c == '9') {
                stroke = true;
            } else {
                return null;
            }
        }
        String s = letters.toString();
        if (stroke) {
            if (!s.startsWith("d")) {
                return null;
            }
            s = "đ" + s.substring(1);
        }
        if (horn) {
            s = s.contains("uo") ? s.replaceFirst("uo", "ươ") : s.indexOf('o') >= 0 ? s.replaceFirst("o", "ơ") : s.replaceFirst("u", "ư");
        }
        if (circumflex) {
            s = s.replaceFirst("([aeo])(?!.*[aeo])", "$1\u0302");
        }
        if (breve) {
            s = s.replaceFirst("a", "a\u0306");
        }
        return finish(Normalizer.normalize(s, Normalizer.Form.NFC), tone);
    }

    /** Checks the shaped syllable and puts the tone mark on its main vowel. */
    private static String finish(String shaped, int tone) {
        Matcher m = SYLLABLE.matcher(shaped);
        if (!m.matches() || !NUCLEI.contains(VietnameseText.fold(m.group(2)))) {
            return null;
        }
        if (tone < 0) {
            return shaped;
        }
        String nucleus = m.group(2);
        int at = nucleusToneIndex(nucleus, m.group(3) != null && !m.group(3).isEmpty());
        int pos = m.start(2) + at;
        String marked = shaped.substring(0, pos + 1) + MARKS.charAt(tone) + shaped.substring(pos + 1);
        return Normalizer.normalize(marked, Normalizer.Form.NFC);
    }

    private static int nucleusToneIndex(String nucleus, boolean hasFinal) {
        for (int i = nucleus.length() - 1; i >= 0; i--) {
            if ("ăâêôơư".indexOf(nucleus.charAt(i)) >= 0) {
                return i;
            }
        }
        if (nucleus.length() == 1) {
            return 0;
        }
        if (hasFinal || nucleus.length() == 3) {
            return nucleus.length() == 3 ? 1 : nucleus.length() - 1;
        }
        return 0;
    }
}
