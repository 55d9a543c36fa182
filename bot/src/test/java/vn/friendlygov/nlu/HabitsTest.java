package vn.friendlygov.nlu;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each repair of residents' typing habits on its own, including what it must leave alone. */
class HabitsTest {
    @Test
    void rawTelexIsDecoded() {
        assertEquals("đăng", InputRepair.repair("ddawng"));
        assertEquals("dang", VietnameseText.fold(InputRepair.repair("ddaang")));   // "đâng": a common slip, same reading
        assertEquals("ký", InputRepair.repair("kys"));
        assertEquals("kết", InputRepair.repair("keets"));
        assertEquals("hôn", InputRepair.repair("hoon"));
        assertEquals("cần", InputRepair.repair("caanf"));
        assertEquals("những", InputRepair.repair("nhuwngx"));
        assertEquals("gì", InputRepair.repair("gif"));
        assertEquals("duoc", VietnameseText.fold(InputRepair.repair("dduwowcj")));
        assertEquals("ở", InputRepair.repair("owr"));
    }

    @Test
    void vniDigitsAreDecoded() {
        assertEquals("ký", InputRepair.repair("ky1"));
        assertEquals("cần", InputRepair.repair("ca62n"));
        assertEquals("lại", InputRepair.repair("la5i"));
        assertEquals("chứng", InputRepair.repair("chu71ng"));
        assertEquals("đi", InputRepair.repair("d9i"));
    }

    @Test
    void plainTextAbbreviationsAndNumbersAreLeftAlone() {
        for (String w : List.of("sang", "co", "khong", "cccd", "ks", "gks", "dc", "bhyt", "vneid", "online", "14", "lop")) {
            assertEquals(w, InputRepair.repair(w), w);
        }
        assertEquals("khai", InputRepair.repair("khaii"));
    }

    @Test
    void runTogetherSyllablesAreSplitAgainstTheVocabulary() {
        Speller speller = new Speller(Map.of("lam", 5, "khai", 5, "sinh", 5, "tam", 3, "tru", 3, "ho", 4, "tro", 2));
        assertEquals(List.of("lam", "khai", "sinh"), speller.split("lamkhaisinh", Set.of()));
        assertEquals(List.of("tam", "tru"), speller.split("tamtru", Set.of()));
        assertEquals(List.of("lam", "cccd"), speller.split("lamcccd", Set.of("cccd")));
        assertNull(speller.split("online", Set.of()));
    }

    @Test
    void runTogetherSyllablesTypedWithDiacriticsOrADoubledLetterAreSplitToo() {
        Speller speller = new Speller(Map.of("ngay", 5, "tra", 5, "nhanh", 5, "photo", 3, "cong", 4, "chung", 4, "giay", 4));
        assertEquals(List.of("ngày", "trả", "nhanh"), speller.split("ngàytrảnhanh", Set.of()));
        // a real syllable with diacritics is never cut into known pieces
        assertNull(speller.split("giấy", Set.of()));
        Analyzer a = new Analyzer(speller);
        assertEquals(List.of("photo", "cong", "chung"), a.analyze("photocongchungg").folded().subList(0, 3));
    }

    @Test
    void dialectWordsMapToStandardOnesOnlyWhereTheyMeanThat() {
        assertEquals(List.of("nộp", "ở", "đâu", "vậy"), Dialect.standardize(List.of("nộp", "ở", "mô", "rứa")));
        assertEquals(List.of("khai", "sinh"), Dialect.standardize(List.of("khai", "sanh")));
        assertEquals(List.of("giờ", "mở", "cửa"), Dialect.standardize(List.of("giờ", "mở", "cửa")));
        assertEquals(List.of("cần", "gì"), Dialect.standardize(List.of("cần", "chi")));
        assertEquals(List.of("chi", "phí"), Dialect.standardize(List.of("chi", "phí")));
    }

    @Test
    void courtesiesAroundAQuestionAreDroppedButAGreetingAloneStays() {
        List<String> q = VietnameseText.words("cháu chào cô chú ạ khai sinh cần giấy tờ gì ạ cháu cảm ơn cô chú nhiều ạ");
        List<String> out = Courtesy.strip(q);
        assertFalse(out.contains("chào"));
        assertFalse(out.contains("cảm"));
        assertTrue(out.containsAll(List.of("khai", "sinh", "giấy")));
        List<String> letter = Courtesy.strip(VietnameseText.words("kính gửi các cô chú cán bộ đèn đường hỏng"));
        assertEquals(List.of("đèn", "đường", "hỏng"), letter);
        List<String> hello = VietnameseText.words("chào ad ạ");
        assertEquals(hello, Courtesy.strip(hello));
    }

    @Test
    void analyzerReadsTelexAndDialectLikeTheStandardSpelling() {
        Analyzer a = Analyzer.plain();
        assertEquals(a.analyze("đăng ký kết hôn cần những gì").foldedText(),
                a.analyze("ddaang kys keets hoon caanf nhuwngx gif").foldedText());
        assertTrue(a.analyze("phí nhiêu vậy ad").foldedText().contains(" bao nhieu "));
    }
}
