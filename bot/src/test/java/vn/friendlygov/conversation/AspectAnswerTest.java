package vn.friendlygov.conversation;

import org.junit.jupiter.api.Test;
import vn.friendlygov.knowledge.Aspect;
import vn.friendlygov.knowledge.KnowledgeBase;
import vn.friendlygov.knowledge.KnowledgeEntry;
import vn.friendlygov.knowledge.KnowledgeLoader;
import vn.friendlygov.nlu.Analyzer;
import vn.friendlygov.nlu.AspectDetector;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A question on a penalty, a tax or an amount: that part when the entry has it, else said plainly. */
class AspectAnswerTest {
    private static final KnowledgeBase FIXTURE = KnowledgeLoader.load(Path.of("src/test/resources/fixtures/kb-aspects"));

    private static List<Aspect> asked(String text) {
        return AspectDetector.detect(Analyzer.plain().analyze(text));
    }

    private static DialogueEngine.Sections sections(String entry, String text) {
        KnowledgeEntry e = FIXTURE.entry(entry).orElseThrow();
        return DialogueEngine.Sections.of(e, asked(text));
    }

    @Test
    void penaltyTaxAndAmountQuestionsAreRecognised() {
        assertEquals(Aspect.PENALTY, asked("khai sinh trễ hơn 60 ngày có bị phạt không").get(0));
        assertEquals(Aspect.PENALTY, asked("lam gks muon nop phat bao nhieu").get(0));
        assertEquals(Aspect.TAX, asked("hộ kinh doanh đóng thuế bao nhiêu một năm").get(0));
        assertEquals(Aspect.TAX, asked("mo tiem tap hoa co phai dong thue khong").get(0));
        assertTrue(asked("trợ cấp người già mức bao nhiêu").contains(Aspect.AMOUNT));
        assertTrue(asked("ba toi 80 tuoi duoc huong bao nhieu 1 thang").contains(Aspect.AMOUNT));
    }

    @Test
    void wordsThatOnlyLookLikeThemAreLeftAlone() {
        // "thuê" (rent) and "phát" fold to the same letters as "thuế" and "phạt".
        assertFalse(asked("tôi ở nhà thuê, tiền thuê tháng nào cũng đóng, đăng ký tạm trú sao").contains(Aspect.TAX));
        assertFalse(asked("giấy tờ cấp phát không đúng thì sao").contains(Aspect.PENALTY));
        assertFalse(asked("chuyển mục đích sử dụng đất cần gì").contains(Aspect.AMOUNT));
        assertEquals(List.of(Aspect.FEE), asked("lệ phí khai sinh bao nhiêu"));
    }

    @Test
    void anEntryWithTheFigureAnswersIt() {
        DialogueEngine.Sections s = sections("dang-ky-mau", "đăng ký mẫu trễ có bị phạt không");
        assertEquals(List.of(Aspect.PENALTY), s.shown());
        assertEquals(List.of(), s.missing());
    }

    @Test
    void anEntryWithoutTheFigureSaysSoAndShowsTheNearestPart() {
        DialogueEngine.Sections penalty = sections("tro-cap-mau", "nộp trễ có bị phạt không");
        assertEquals(List.of(Aspect.PENALTY), penalty.missing());
        assertEquals(List.of(Aspect.TIME), penalty.shown());
        DialogueEngine.Sections tax = sections("dang-ky-mau", "đăng ký mẫu đóng thuế bao nhiêu");
        assertEquals(List.of(Aspect.TAX), tax.missing());
        assertEquals(Aspect.FEE, tax.shown().get(0));
    }

    @Test
    void aBenefitsAmountIsReadWhereTheEntryGivesTheSum() {
        // No amount section, but the fee section gives the sum in đồng: that is the answer, nothing is missing.
        DialogueEngine.Sections amount = sections("tro-cap-mau", "mức trợ cấp được bao nhiêu một tháng");
        assertEquals(List.of(Aspect.FEE), amount.shown());
        assertEquals(List.of(), amount.missing());
        // "bao nhiêu tiền" on a procedure that pays nothing is its fee, said without a "no figure" note.
        DialogueEngine.Sections fee = sections("dang-ky-mau", "đăng ký mẫu mất bao nhiêu tiền");
        assertEquals(List.of(Aspect.FEE), fee.shown());
        assertEquals(List.of(), fee.missing());
    }
}
