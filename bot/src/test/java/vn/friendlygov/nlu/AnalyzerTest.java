package vn.friendlygov.nlu;

import org.junit.jupiter.api.Test;
import vn.friendlygov.knowledge.Aspect;

import java.text.Normalizer;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the bot reads from a message: folded syllables, tone keys, abbreviations, lay terms, typos, aspects. */
class AnalyzerTest {
    private final Analyzer analyzer = Analyzer.plain();

    private String folded(String text) {
        return String.join(" ", analyzer.analyze(text).folded());
    }

    private void assertContainsPhrase(String text, String phrase) {
        String f = " " + folded(text) + " ";
        assertTrue(f.contains(" " + phrase + " "), "'" + text + "' should read as containing '" + phrase + "' but read: " + f);
    }

    @Test
    void nfcAndNfdInputGiveTheSameAnalysis() {
        String text = "Cho em hỏi đăng ký kết hôn cần giấy tờ gì ạ, thủ tục có lâu không?";
        String nfc = Normalizer.normalize(text, Normalizer.Form.NFC);
        String nfd = Normalizer.normalize(text, Normalizer.Form.NFD);
        assertNotEquals(nfc, nfd);
        assertEquals(analyzer.analyze(nfc), analyzer.analyze(nfd));
        assertEquals(List.of(analyzer.analyze(nfc).features()), List.of(analyzer.analyze(nfd).features()));
    }

    @Test
    void oldAndNewTonePlacementReadTheSame() {
        assertEquals(analyzer.analyze("hoà giải").toned(), analyzer.analyze("hòa giải").toned());
        assertEquals(analyzer.analyze("thuỷ lợi").toned(), analyzer.analyze("thủy lợi").toned());
        assertEquals(analyzer.analyze("uỷ quyền").toned(), analyzer.analyze("ủy quyền").toned());
        assertEquals(analyzer.analyze("chứng thực uý quyền").toned(), analyzer.analyze("chứng thực úy quyền").toned());
    }

    @Test
    void toneStillDistinguishesWords() {
        // same folded view, different tone keys: "hoa" (flower) is not "hòa"
        assertEquals(analyzer.analyze("hoa").folded(), analyzer.analyze("hòa").folded());
        assertNotEquals(analyzer.analyze("hoa").toned(), analyzer.analyze("hòa").toned());
        assertNotEquals(List.of(analyzer.analyze("hoa").features()), List.of(analyzer.analyze("hòa").features()));
    }

    @Test
    void foldedViewHasNoDiacriticsAndDdBecomesD() {
        assertEquals("dang ki khai sinh", folded("Đăng ký khai sinh"));
        assertEquals(folded("dang ky khai sinh"), folded("Đăng ký khai sinh"));
        assertEquals(analyzer.analyze("đi đâu").foldedText(), analyzer.analyze("di dau").foldedText());
    }

    @Test
    void iAndYVariantsReadTheSame() {
        assertEquals(folded("dang ky"), folded("dang ki"));
        assertEquals(folded("ly lich"), folded("li lich"));
        assertEquals(folded("đăng ký"), folded("đăng kí"));
    }

    @Test
    void teencodeAndAbbreviationsExpand() {
        Map<String, String> cases = Map.ofEntries(
                Map.entry("ko", "khong"),
                Map.entry("k", "khong"),
                Map.entry("dc", "duoc"),
                Map.entry("đc", "duoc"),
                Map.entry("bn", "bao nhieu"),
                Map.entry("j", "gi"),
                Map.entry("ntn", "nhu the nao"),
                Map.entry("sdt", "so dien thoai"),
                Map.entry("cccd", "can cuoc cong dan"),
                Map.entry("gks", "giay khai sinh"),
                Map.entry("ks", "khai sinh"),
                Map.entry("dkkh", "dang ki ket hon"),
                Map.entry("hkd", "ho kinh doanh"),
                Map.entry("ubnd", "uy ban nhan dan"),
                Map.entry("dvc", "dich vu cong"));
        cases.forEach((abbr, meaning) -> assertEquals(meaning, folded(abbr), abbr));
        // inside a sentence, and in upper case
        assertEquals("lam giay khai sinh can gi vay", folded("lam GKS can j z"));
        assertEquals(folded("làm căn cước công dân được không"), folded("lam CCCD dc ko"));
    }

    @Test
    void ambiguousAbbreviationsAreLeftAlone() {
        assertEquals("kh", folded("kh"));
        assertEquals("tt", folded("tt"));
    }

    @Test
    void layTermsAddTheLegalTerm() {
        assertContainsPhrase("đi photo công chứng mấy tờ giấy", "chung thuc ban sao");
        assertContainsPhrase("photo cong chung", "chung thuc ban sao");
        assertContainsPhrase("nhập hộ khẩu cho con", "dang ki thuong tru");
        assertContainsPhrase("làm sổ đỏ lần đầu", "giay chung nhan quyen su dung dat");
        // the resident's own words stay too
        assertContainsPhrase("làm sổ đỏ lần đầu", "so do");
        // and nothing is added when the phrase is absent
        assertFalse(folded("đi photo mấy tờ giấy").contains("chung thuc"));
        assertFalse(folded("nhập học cho con").contains("thuong tru"));
        assertFalse(folded("sổ tay màu đỏ").contains("quyen su dung dat"));
    }

    @Test
    void repeatedLettersAreCollapsed() {
        assertEquals(folded("nhieu"), folded("nhieuuuu"));
        assertEquals(folded("cảm ơn nhiều"), folded("cảm ơnnnn nhiềuuuuu"));
    }

    @Test
    void spellerFixesAOneLetterTypoAgainstTheVocabulary() {
        Speller speller = new Speller(Map.of("khai", 50, "sinh", 40, "dang", 30, "chung", 20, "thuc", 10));
        assertEquals("khai", speller.correct("khia"));      // swapped letters
        assertEquals("sinh", speller.correct("sinhh"));     // a letter too many
        assertEquals("chung", speller.correct("chng"));     // a letter missing
        assertEquals("dang", speller.correct("dnag"));      // swap
        assertEquals("thuc", speller.correct("thuc"));      // known word unchanged
        assertEquals("xyzzyq", speller.correct("xyzzyq"));  // nothing near: unchanged
        Analyzer withSpeller = new Analyzer(speller);
        assertEquals("dang ki khai sinh", String.join(" ", withSpeller.analyze("dnag ky khia sinh").folded()));
    }

    @Test
    void spellerLeavesShortWordsAlone() {
        Speller speller = new Speller(Map.of("khai", 50, "thu", 10));
        assertEquals("kha", speller.correct("kha"));
        assertEquals("khi", speller.correct("khi"));
        assertEquals("th", speller.correct("th"));
        assertEquals("2026", speller.correct("2026"));
    }

    private List<Aspect> aspects(String text) {
        return AspectDetector.detect(analyzer.analyze(text));
    }

    @Test
    void aspectTime() {
        assertEquals(Aspect.TIME, aspects("làm khai sinh mất bao lâu").get(0));
        assertFalse(aspects("làm khai sinh mất bao lâu").contains(Aspect.FEE));
    }

    @Test
    void aspectFee() {
        // "bao nhiêu tiền" is also a benefit's amount; the entry decides (AspectAnswerTest).
        assertEquals(List.of(Aspect.AMOUNT, Aspect.FEE), aspects("khai sinh bao nhiêu tiền"));
        assertEquals(List.of(Aspect.FEE), aspects("chứng thực mất bao nhiêu"));
        assertEquals(List.of(Aspect.FEE), aspects("chung thuc mat bao nhieu"));
    }

    @Test
    void howManyDaysIsTimeNotFee() {
        List<Aspect> a = aspects("đăng ký kết hôn mất bao nhiêu ngày");
        assertEquals(Aspect.TIME, a.get(0), a.toString());
        assertFalse(a.contains(Aspect.FEE), "'mất bao nhiêu ngày' asks about time, not money: " + a);
        assertFalse(aspects("dang ky ket hon mat bao nhieu ngay").contains(Aspect.FEE));
    }

    @Test
    void aspectDocumentsPlaceOnline() {
        assertEquals(Aspect.DOCUMENTS, aspects("làm giấy khai sinh cần giấy tờ gì").get(0));
        assertEquals(Aspect.DOCUMENTS, aspects("lam ks can giay to j").get(0));
        assertEquals(List.of(Aspect.PLACE), aspects("đăng ký kết hôn ở đâu"));
        assertEquals(Aspect.ONLINE, aspects("khai tử online được không").get(0));
        assertEquals(Aspect.ONLINE, aspects("khai tu onl dc ko").get(0));
    }

    @Test
    void noAspectWhenNoneIsAsked() {
        assertEquals(List.of(), aspects("đăng ký khai sinh"));
    }

    @Test
    void topiclessFollowUps() {
        assertTrue(AspectDetector.isTopicless(analyzer.analyze("còn lệ phí thì sao?")));
        assertTrue(AspectDetector.isTopicless(analyzer.analyze("mất mấy ngày?")));
        assertTrue(AspectDetector.isTopicless(analyzer.analyze("con le phi thi sao ad")));
        assertFalse(AspectDetector.isTopicless(analyzer.analyze("lệ phí chứng thực")));
        assertFalse(AspectDetector.isTopicless(analyzer.analyze("kết hôn mất mấy ngày")));
    }
}
