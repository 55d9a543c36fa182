package vn.friendlygov.consent;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The opt-out and opt-in keywords, with or without diacritics and in any case. Only a message that is
 * the keyword as a whole counts, so "cách dừng nhận tin ..." in a longer question is not taken as one.
 */
public final class ConsentKeywords {
    private static final Set<String> OUT = Set.of("huy nhan tin", "dung nhan tin", "stop", "huy nhan tin nhan", "dung nhan tin nhan");
    private static final Set<String> IN = Set.of("dang ky nhan tin", "dang ki nhan tin", "dang ky nhan tin nhan", "dang ki nhan tin nhan");

    private ConsentKeywords() {
    }

    /** true: opt out; false: opt back in; empty: not a keyword. */
    public static Optional<Boolean> match(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String k = fold(text);
        if (OUT.contains(k)) {
            return Optional.of(true);
        }
        return IN.contains(k) ? Optional.of(false) : Optional.empty();
    }

    static String fold(String text) {
        String s = Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}+", "")
                .replace('đ', 'd').replace('Đ', 'D').toLowerCase(Locale.ROOT);
        return s.replaceAll("[^a-z0-9]+", " ").strip();
    }
}
