package vn.friendlygov.api;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.micronaut.http.server.exceptions.response.HateoasErrorResponseProcessor;
import jakarta.inject.Singleton;

/**
 * Shapes every error the framework produces (bad JSON, 404, 413, 401, ...) and every
 * {@link ApiException} into {"error","message"}; stack traces never leave the server.
 */
@Singleton
@Replaces(HateoasErrorResponseProcessor.class)
public class ApiErrors implements ErrorResponseProcessor<ApiError> {

    @Override
    public MutableHttpResponse<ApiError> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
        HttpStatus status = response.getStatus();
        String message = switch (status) {
            case NOT_FOUND -> "Không tìm thấy địa chỉ này.";
            case UNAUTHORIZED -> "Cần đăng nhập.";
            case FORBIDDEN -> "Không có quyền truy cập.";
            case REQUEST_ENTITY_TOO_LARGE -> "Nội dung gửi lên quá lớn.";
            case METHOD_NOT_ALLOWED -> "Phương thức không được hỗ trợ.";
            case UNSUPPORTED_MEDIA_TYPE -> "Định dạng nội dung không được hỗ trợ.";
            case BAD_REQUEST -> context.getErrors().isEmpty()
                    ? "Yêu cầu không hợp lệ."
                    : "Yêu cầu không hợp lệ: " + clip(context.getErrors().get(0).getMessage());
            default -> status.getCode() >= 500 ? "Lỗi máy chủ, xin vui lòng thử lại sau." : "Yêu cầu không hợp lệ.";
        };
        return response.contentType("application/json").body(new ApiError(codeFor(status), message));
    }

    public static String codeFor(HttpStatus status) {
        return switch (status) {
            case BAD_REQUEST -> "invalid_request";
            case UNAUTHORIZED -> "unauthorized";
            case FORBIDDEN -> "forbidden";
            case NOT_FOUND -> "not_found";
            case METHOD_NOT_ALLOWED -> "method_not_allowed";
            case REQUEST_ENTITY_TOO_LARGE -> "payload_too_large";
            case UNSUPPORTED_MEDIA_TYPE -> "unsupported_media_type";
            case TOO_MANY_REQUESTS -> "rate_limited";
            case CONFLICT -> "conflict";
            default -> status.getCode() >= 500 ? "internal_error" : "invalid_request";
        };
    }

    /** Parser messages can echo the whole input; keep them short and free of internals. */
    private static String clip(String s) {
        if (s == null) {
            return "";
        }
        String line = s.lines().findFirst().orElse("");
        return line.length() > 160 ? line.substring(0, 160) + "…" : line;
    }

    @Produces
    @Singleton
    static class ApiExceptionHandler implements ExceptionHandler<ApiException, HttpResponse<ApiError>> {
        @Override
        public HttpResponse<ApiError> handle(HttpRequest request, ApiException e) {
            return HttpResponse.<ApiError>status(e.status()).body(new ApiError(e.code(), e.getMessage()));
        }
    }
}
