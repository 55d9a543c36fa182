package vn.friendlygov.channel.web;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import vn.friendlygov.api.ApiError;

/**
 * A chat message is at most 2,000 characters: a body past 16 KiB is refused before it is read.
 * (Bodies without a length are cut by micronaut.server.max-request-size.)
 */
@ServerFilter("/api/v1/chat")
public class ChatBodyLimit {
    static final long MAX_BODY = 16 * 1024;

    @RequestFilter
    @Nullable
    public HttpResponse<?> limit(HttpRequest<?> request) {
        if (request.getContentLength() > MAX_BODY) {
            return HttpResponse.status(HttpStatus.REQUEST_ENTITY_TOO_LARGE)
                    .body(new ApiError("payload_too_large", "Nội dung gửi lên quá lớn (tối đa 16 KB)."));
        }
        return null;
    }
}
