package vn.friendlygov.security;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/** Logback %maskedEx: stack traces can quote input (e.g. a parser error), so mask them too. */
public class MaskingThrowableConverter extends ThrowableProxyConverter {
    @Override
    protected String throwableProxyToString(ch.qos.logback.classic.spi.IThrowableProxy tp) {
        return Pii.mask(super.throwableProxyToString(tp));
    }
}
