package vn.friendlygov.security;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/** Logback %maskedMsg: the formatted message with phone and ID numbers masked. */
public class MaskingConverter extends MessageConverter {
    @Override
    public String convert(ILoggingEvent event) {
        return Pii.mask(super.convert(event));
    }
}
