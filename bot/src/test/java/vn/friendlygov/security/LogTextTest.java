package vn.friendlygov.security;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 11: values written to logs cannot forge log lines; both converters of logback.xml escape CR/LF. */
class LogTextTest {
    private static final LoggerContext CONTEXT = (LoggerContext) LoggerFactory.getILoggerFactory();

    private static LoggingEvent event(String format, Object arg, Throwable error) {
        return new LoggingEvent(LogTextTest.class.getName(), CONTEXT.getLogger("test"), Level.WARN, format, error, new Object[]{arg});
    }

    @Test
    void aMessageArgumentWithCarriageReturnsAndLineFeedsStaysOnOneLine() {
        MaskingConverter converter = new MaskingConverter();
        converter.setContext(CONTEXT);
        converter.start();
        String line = converter.convert(event("Chat from {}", "w-1\r\n12:00:00.000 INFO  [main] SignIn - admin signed in\u2028\u0085x", null));
        assertFalse(line.contains("\n") || line.contains("\r") || line.contains("\u2028") || line.contains("\u0085"), line);
        assertEquals("Chat from w-1\\r\\n12:00:00.000 INFO  [main] SignIn - admin signed in\\u2028\\u0085x", line);
    }

    @Test
    void escapingKeepsMaskingPhoneNumbersAndLeavesOrdinaryTextAlone() {
        assertEquals("gọi ***678 nhé", Pii.mask(LogText.escape("gọi 0912345678 nhé")));
        assertEquals("Xã Mẫu\tthôn Đông", LogText.escape("Xã Mẫu\tthôn Đông"));
    }

    @Test
    void anExceptionMessageQuotingInputCannotAddLinesToTheStackTrace() {
        MaskingThrowableConverter converter = new MaskingThrowableConverter();
        converter.setContext(CONTEXT);
        converter.start();
        Exception error = new IllegalArgumentException("bad value 'a\nERROR forged line'",
                new IllegalStateException("cause\r\nWARN another forged line"));
        String trace = converter.convert(event("failed {}", "x", error));
        assertTrue(trace.contains("bad value 'a\\nERROR forged line'"), trace);
        assertTrue(trace.contains("cause\\r\\nWARN another forged line"), trace);
        for (String line : trace.split("\n")) {
            assertFalse(line.startsWith("ERROR forged") || line.startsWith("WARN another"), trace);
        }
    }
}
