package vn.friendlygov.security;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * Logback %maskedMsg: the formatted message with phone and ID numbers masked, and CR/LF escaped so
 * that no value in it (a username, a resident's text) can forge a log line.
 */
public class MaskingConverter extends MessageConverter {
    @Override
    public String convert(ILoggingEvent event) {
        return Pii.mask(LogText.escape(super.convert(event)));
    }
}
