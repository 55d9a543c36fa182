package vn.friendlygov.ticket;

import vn.friendlygov.nlu.VietnameseText;
import vn.friendlygov.security.Pii;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reading what residents type: codes, phone numbers, yes / no / cancel, ratings; on the diacritic-free text. */
final class ResidentText {
    /** PA-2026-000123, also "pa 2026 000123" and "PA2026000123". */
    private static final Pattern CODE = Pattern.compile("(?i)(?<![a-z0-9])pa[\\s-]*(\\d{4})[\\s-]*(\\d{6})(?!\\d)");
    /** Something that starts like a code but is not one ("PA-26-123", "PA-2026-12"). */
    private static final Pattern CODE_LIKE = Pattern.compile("(?i)(?<![a-z0-9])pa[\\s-]*\\d");
    private static final Pattern PHONE = Pattern.compile("(\\+?84|0)[\\d\\s.-]{8,14}");
    private static final Pattern POLITE_TAIL = Pattern.compile("(\\s+(a|nhe|nha|ad|em|nhe em|a ad|nhe ad))+$");
    private static final Pattern CANCEL = Pattern.compile("(thoi )?(huy|huy bo|huy phan anh|dung lai|khong gui nua|thoi khong gui nua)");
    private static final Pattern YES = Pattern.compile("(co|dong y|gui|gui di|ok|oke|okay|dung|dung roi|xac nhan|vang|u|uh|chuan|co gui)");
    private static final Pattern SKIP = Pattern.compile("(bo qua|khong|ko|k|khong co|ko co|thoi|khong can|skip|khong co anh|khong de lai|de sau)");
    private static final Pattern QUESTION = Pattern.compile(
            "\\?\\s*$|\\b(may|bao nhieu|bao lau|o dau|the nao|nhu nao|gi|lam sao|khi nao|bao gio|cho hoi|hoi)\\b|\\b(khong|ko|k|chua)\\s*\\??$");

    private ResidentText() {
    }

    /** Lower case, no diacritics, no trailing "ạ", "nhé"; punctuation removed. */
    static String folded(String text) {
        if (text == null) {
            return "";
        }
        String f = String.join(" ", VietnameseText.words(VietnameseText.fold(VietnameseText.clean(text))));
        return POLITE_TAIL.matcher(f).replaceAll("");
    }

    static Optional<String> code(String text) {
        Matcher m = text == null ? null : CODE.matcher(text);
        return m != null && m.find() ? Optional.of("PA-" + m.group(1) + "-" + m.group(2)) : Optional.empty();
    }

    static boolean looksLikeCode(String text) {
        return text != null && CODE_LIKE.matcher(text).find();
    }

    /** A Vietnamese mobile or landline number, as 0xxxxxxxxx. */
    static Optional<String> phone(String text) {
        Matcher m = PHONE.matcher(text == null ? "" : text);
        while (m.find()) {
            String digits = m.group().replaceAll("\\D", "");
            if (digits.startsWith("84")) {
                digits = "0" + digits.substring(2);
            }
            if (digits.matches("0\\d{9}")) {
                return Optional.of(digits);
            }
        }
        return Optional.empty();
    }

    /**
     * The text with every phone (and ID) number replaced by its last three digits ("***678"), for
     * anything shown back to the resident: what {@link #phone} would read as a number is masked too.
     */
    static String maskPhones(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        Matcher m = PHONE.matcher(Pii.mask(text));
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String found = m.group().replaceAll("[\\s.-]+$", "");
            String digits = found.replaceAll("\\D", "");
            if (digits.startsWith("84")) {
                digits = "0" + digits.substring(2);
            }
            String replacement = digits.matches("0\\d{9}")
                    ? "***" + digits.substring(7) + m.group().substring(found.length()) : m.group();
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    static boolean isCancel(String text) {
        return CANCEL.matcher(folded(text)).matches();
    }

    static boolean isYes(String text) {
        return YES.matcher(folded(text)).matches();
    }

    static boolean isSkip(String text) {
        return SKIP.matcher(folded(text)).matches();
    }

    static boolean isQuestion(String text) {
        return text != null && (text.strip().endsWith("?") || QUESTION.matcher(folded(text)).find());
    }

    /** HAI_LONG / BINH_THUONG / KHONG_HAI_LONG from "1/2/3", "hài lòng", "bình thường", "không hài lòng". */
    static Optional<String> rating(String text) {
        String f = folded(text);
        if (f.matches("3|khong|chua|te|kem") || f.contains("khong hai long") || f.contains("chua hai long")) {
            return Optional.of(TicketService.KHONG_HAI_LONG);
        }
        if (f.matches("2|tam|tam duoc|duoc") || f.contains("binh thuong")) {
            return Optional.of(TicketService.BINH_THUONG);
        }
        if (f.matches("1|tot|rat tot|co|ok") || f.contains("hai long")) {
            return Optional.of(TicketService.HAI_LONG);
        }
        return Optional.empty();
    }
}
