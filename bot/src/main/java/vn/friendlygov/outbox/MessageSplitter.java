package vn.friendlygov.outbox;

import vn.friendlygov.conversation.Reply;

import java.util.ArrayList;
import java.util.List;

/**
 * Both platforms take at most 2,000 characters a message. A longer text is cut at sentence
 * boundaries (a line break, or ". " / "? " / "! "), with room left for Zalo's numbered choices;
 * the quick replies go with the last part.
 */
public final class MessageSplitter {
    static final int LIMIT = 1800;

    private MessageSplitter() {
    }

    public static List<Reply> split(Reply reply) {
        String text = reply.text();
        if (text.length() <= LIMIT) {
            return List.of(reply);
        }
        List<Reply> parts = new ArrayList<>();
        int start = 0;
        while (text.length() - start > LIMIT) {
            int cut = boundary(text, start, start + LIMIT);
            parts.add(Reply.of(text.substring(start, cut).strip()));
            start = cut;
            while (start < text.length() && Character.isWhitespace(text.charAt(start))) {
                start++;
            }
        }
        parts.add(new Reply(text.substring(start).strip(), reply.quickReplies()));
        return parts;
    }

    private static int boundary(String text, int from, int max) {
        int best = text.lastIndexOf('\n', max);
        for (String end : new String[]{". ", "? ", "! ", "… "}) {
            int i = text.lastIndexOf(end, max - end.length());
            if (i + 1 > best) {
                best = i + 1;
            }
        }
        if (best <= from + LIMIT / 3) {
            int space = text.lastIndexOf(' ', max);
            best = space > from ? space : max;   // no sentence end in sight: a word boundary, else a hard cut
        }
        return best;
    }
}
