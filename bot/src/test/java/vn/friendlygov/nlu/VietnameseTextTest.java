package vn.friendlygov.nlu;

import org.junit.jupiter.api.Test;

import java.text.Normalizer;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Character-level helpers: Unicode forms, diacritics, tone placement, i/y, repeated letters. */
class VietnameseTextTest {

    private static String nfd(String s) {
        return Normalizer.normalize(s, Normalizer.Form.NFD);
    }

    @Test
    void cleanGivesNfcLowerCaseWhateverTheInputForm() {
        String nfc = Normalizer.normalize("Đăng Ký Khai Sinh", Normalizer.Form.NFC);
        assertNotEquals(nfc, nfd(nfc), "the test needs two different encodings");
        assertEquals("đăng ký khai sinh", VietnameseText.clean(nfc));
        assertEquals("đăng ký khai sinh", VietnameseText.clean(nfd(nfc)));
    }

    @Test
    void foldStripsDiacriticsAndFoldsDd() {
        assertEquals("dang ky khai sinh", VietnameseText.fold("đăng ký khai sinh"));
        assertEquals("Dong Da", VietnameseText.fold("Đống Đa"));
        assertEquals("thu tuc", VietnameseText.fold(nfd("thủ tục")));
    }

    @Test
    void oldAndNewTonePlacementGiveTheSameKey() {
        assertEquals(VietnameseText.toneKey("hòa"), VietnameseText.toneKey("hoà"));
        assertEquals(VietnameseText.toneKey("thủy"), VietnameseText.toneKey("thuỷ"));
        assertEquals(VietnameseText.toneKey("úy"), VietnameseText.toneKey("uý"));
        assertEquals(VietnameseText.toneKey("hòa"), VietnameseText.toneKey(nfd("hoà")));
    }

    @Test
    void differentTonesAndNoToneStayApart() {
        assertNotEquals(VietnameseText.toneKey("hoa"), VietnameseText.toneKey("hòa"));
        assertNotEquals(VietnameseText.toneKey("hóa"), VietnameseText.toneKey("hòa"));
        assertNotEquals(VietnameseText.toneKey("hỏa"), VietnameseText.toneKey("họa"));
        assertEquals("hoa", VietnameseText.toneKey("hoa"));
    }

    @Test
    void iAndYAfterAConsonantAreOneSpelling() {
        assertEquals(VietnameseText.foldIy("ki"), VietnameseText.foldIy("ky"));
        assertEquals(VietnameseText.foldIy("li"), VietnameseText.foldIy("ly"));
        assertEquals(VietnameseText.foldIy("mi"), VietnameseText.foldIy("my"));
        // y as part of a vowel cluster is not a spelling variant
        assertEquals("thuy", VietnameseText.foldIy("thuy"));
        assertEquals("quy", VietnameseText.foldIy("quy"));
        assertEquals("y", VietnameseText.foldIy("y"));
    }

    @Test
    void repeatedLettersCollapse() {
        assertEquals("nhieu", VietnameseText.clean("nhieuuuu"));
        assertEquals("không", VietnameseText.clean("khônggggg"));
        // two of a letter are kept: some words have them ("xoong", "soóc")
        assertEquals("xoong", VietnameseText.clean("xoong"));
    }

    @Test
    void wordsSplitOnPunctuationAndSpaces() {
        assertEquals(List.of("lam", "ks", "can", "gi", "2026"), VietnameseText.words("lam ks, can gi?? (2026)"));
        assertEquals(List.of(), VietnameseText.words("  ?! "));
    }
}
