package vn.friendlygov.ticket;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Complaint categories by keyword phrases: whole syllables, leftmost-longest, tones when both sides have them. */
class CategoryClassifierTest {
    private final CategoryClassifier classifier = new CategoryClassifier(List.of(
            Map.of("code", "thai-do-can-bo", "keywords", "cán bộ,thái độ"),
            Map.of("code", "giao-thong-ha-tang", "keywords", "đường,cống"),
            Map.of("code", "dien-chieu-sang", "keywords", "đèn đường"),
            Map.of("code", "moi-truong", "keywords", "rác,rác thải"),
            Map.of("code", "khac", "keywords", "")));

    @Test
    void wordsTypedWithDiacriticsMatchOnlyTheSameWord() {
        // "thải đổ" is not "thái độ"; "cổng" is not "cống".
        assertEquals("moi-truong", classifier.classify("rác thải đổ bừa bãi"));
        assertEquals("khac", classifier.classify("cổng trường hôm nay đông quá"));
        assertEquals("giao-thong-ha-tang", classifier.classify("cống trước nhà bị tắc"));
    }

    @Test
    void withoutDiacriticsTheLongestPhraseFromTheLeftWins() {
        // "rac thai" takes "thai", so "thai do" across two words is never read.
        assertEquals("moi-truong", classifier.classify("rac thai do bua bai"));
        assertEquals("thai-do-can-bo", classifier.classify("thai do can bo kem qua"));
        // "đèn đường" is one phrase of two syllables, not "đường" of the roads category.
        assertEquals("dien-chieu-sang", classifier.classify("den duong hong roi"));
    }

    @Test
    void rawTelexIsDecodedFirst() {
        assertEquals("moi-truong", classifier.classify("racs thair ddaayf ngox"));
        assertEquals("thai-do-can-bo", classifier.classify("thais ddooj cans booj"));
    }

    @Test
    void nothingMatchedIsOther() {
        assertEquals(TicketCatalog.OTHER, classifier.classify("xin chào"));
        assertEquals(TicketCatalog.OTHER, classifier.classify(""));
    }
}
