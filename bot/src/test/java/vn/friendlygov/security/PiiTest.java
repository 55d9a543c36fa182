package vn.friendlygov.security;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Residents' phone and căn cước numbers never reach a log line in clear. */
class PiiTest {

    @Test
    void phoneNumbersAreMasked() {
        for (String phone : List.of("0912345678", "091 234 5678", "0912.345.678", "0912-345-678", "+84912345678", "84912345678")) {
            String masked = Pii.mask("sdt của em là " + phone + " ạ");
            assertEquals("sdt của em là ***678 ạ", masked, phone);
        }
        assertEquals("***678", Pii.mask("0912345678"));
        assertEquals("gọi ***678, hoặc ***321", Pii.mask("gọi 0912345678, hoặc 0987654321"));
    }

    @Test
    void canCuocNumbersAreMasked() {
        assertEquals("số căn cước ***345 nhé", Pii.mask("số căn cước 001099012345 nhé"));
        assertEquals("CCCD: ***789", Pii.mask("CCCD: 034 199 123 789"));
    }

    @Test
    void shortNumbersDatesAndCodesStayReadable() {
        for (String text : List.of("năm 2026", "ngõ 5, ngách 12", "ngày 20/11/2026", "ngày 20.11.2026", "mã hồ sơ 000123",
                "phản ánh PA-2026-000123 đã xử lý chưa", "PA-2026-000123", "lệ phí 8.000 đồng", "10.000.000 đồng", "113")) {
            assertEquals(text, Pii.mask(text), text);
        }
        // a code next to a phone: the phone is masked, the code is not
        assertEquals("mã PA-2026-000123, sdt ***678", Pii.mask("mã PA-2026-000123, sdt 0912345678"));
    }

    @Test
    void nothingToMask() {
        assertNull(Pii.mask(null));
        assertEquals("", Pii.mask(""));
        assertEquals("giá $5 và \\ ký tự lạ", Pii.mask("giá $5 và \\ ký tự lạ"));
    }

    @Test
    void theLogPatternMasksPhones() throws Exception {
        URL config = PiiTest.class.getResource("/logback.xml");
        assertNotNull(config, "the application's logback.xml");
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(config);
            Logger log = context.getLogger("vn.friendlygov.test");
            log.info("resident {} left phone {} and code {}", "An", "0912 345 678", "PA-2026-000123");
            log.warn("send failed", new IllegalStateException("recipient 0987654321 blocked"));
        } finally {
            context.stop();
            System.setOut(original);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("INFO"), "the application's pattern was used: " + out);
        assertTrue(out.contains("resident An left phone ***678 and code PA-2026-000123"), out);
        assertFalse(out.contains("0912 345 678"), out);
        assertTrue(out.contains("recipient ***321 blocked"), out);
        assertFalse(out.contains("0987654321"), out);
    }
}
