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
    void runTogetherSyllablesAreSplit() {
        assertEquals("moi-truong", classifier.classify("racthai do o dau ngo"));
        assertEquals("dien-chieu-sang", classifier.classify("denduong hong roi"));
        assertEquals(List.of("trễ", "hẹn"), CategoryClassifier.split("trễhẹn", java.util.Set.of()));
        assertEquals(List.of("nuoc", "thai"), CategoryClassifier.split("nuocthai", java.util.Set.of()));
        // a syllable, or a word that is itself a keyword, stays whole
        assertEquals(null, CategoryClassifier.split("nghieng", java.util.Set.of()));
        assertEquals(null, CategoryClassifier.split("karaoke", java.util.Set.of("karaoke")));
    }

    @Test
    void aOneSyllableKeywordTypedWithoutDiacriticsCountsHalf() {
        // "cong" may be cống, công or cộng (here thủ công); "khói" typed with its tone is certain.
        CategoryClassifier c = new CategoryClassifier(List.of(
                Map.of("code", "giao-thong-ha-tang", "keywords", "cống"),
                Map.of("code", "moi-truong", "keywords", "khói,khói đen")));
        assertEquals("moi-truong", c.classify("lò gạch thu cong, khói bay vào nhà"));
        // one ambiguous word each: the tie goes to the category listed first
        assertEquals("giao-thong-ha-tang", c.classify("thu cong ma khoi"));
        // typed with the diacritics, the tone decides and it counts whole
        assertEquals("giao-thong-ha-tang", c.classify("cống bị tắc, khoi"));
    }

    @Test
    void theGreetingIsNotTheComplaint() {
        // "cán bộ" of the greeting would tie with "đèn đường", and the category listed first would win.
        assertEquals("dien-chieu-sang", classifier.classify("Kính gửi các cô chú cán bộ, đèn đường xóm tôi tắt cả tháng nay ạ"));
        assertEquals("thai-do-can-bo", classifier.classify("cán bộ thái độ cọc lốc quá"));
    }

    @Test
    void nothingMatchedIsOther() {
        assertEquals(TicketCatalog.OTHER, classifier.classify("xin chào"));
        assertEquals(TicketCatalog.OTHER, classifier.classify(""));
    }
}
