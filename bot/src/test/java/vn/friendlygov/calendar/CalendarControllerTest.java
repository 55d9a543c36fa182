package vn.friendlygov.calendar;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Through HTTP, so the anonymous access, the JSON shape and the error body are checked too. */
@MicronautTest
class CalendarControllerTest {

    @Inject
    @Client("/")
    HttpClient client;

    @Test
    void lunar() {
        String body = client.toBlocking().retrieve("/api/v1/calendar/lunar?date=2030-02-02");
        assertEquals("{\"date\":\"2030-02-02\",\"lunarDay\":1,\"lunarMonth\":1,\"lunarYear\":2030,\"leapMonth\":false,\"yearName\":\"Canh Tuất\"}", body);
    }

    @Test
    void workingDays() {
        String body = client.toBlocking().retrieve("/api/v1/calendar/working-days?from=2026-04-28&days=3");
        assertEquals("{\"from\":\"2026-04-28\",\"days\":3,\"due\":\"2026-05-05\"}", body);
    }

    @Test
    void aDeadlineInAYearWithoutALoadedScheduleIsProvisional() {
        // 24/11/2026 is Ngày Văn hóa Việt Nam: Mon 23 + 1 = Wed 25.
        assertEquals("{\"from\":\"2026-11-23\",\"days\":1,\"due\":\"2026-11-25\"}",
                client.toBlocking().retrieve("/api/v1/calendar/working-days?from=2026-11-23&days=1"));
        // 2027 is loaded: Wed 3/2 + 1 = Thu 11/2 after the Tết block.
        assertEquals("{\"from\":\"2027-02-03\",\"days\":1,\"due\":\"2027-02-11\"}",
                client.toBlocking().retrieve("/api/v1/calendar/working-days?from=2027-02-03&days=1"));
        // 2028 is not: Thu 30/12/2027 + 2 = Tue 4/1/2028 (Fri 31/12, then 1/1/2028 is a Saturday with Monday in lieu).
        assertEquals("{\"from\":\"2027-12-30\",\"days\":2,\"due\":\"2028-01-04\",\"provisional\":true}",
                client.toBlocking().retrieve("/api/v1/calendar/working-days?from=2027-12-30&days=2"));
    }

    @Test
    void badParameters() {
        for (String uri : new String[]{
                "/api/v1/calendar/lunar", "/api/v1/calendar/lunar?date=2026-02-30", "/api/v1/calendar/lunar?date=hôm nay",
                "/api/v1/calendar/lunar?date=1800-01-01",
                "/api/v1/calendar/working-days?from=2026-04-28", "/api/v1/calendar/working-days?from=2026-04-28&days=-1",
                "/api/v1/calendar/working-days?from=2026-04-28&days=3651", "/api/v1/calendar/working-days?from=2026-04-28&days=ba",
                "/api/v1/calendar/working-days?days=3"}) {
            HttpClientResponseException e = assertThrows(HttpClientResponseException.class,
                    () -> client.toBlocking().retrieve(HttpRequest.GET(uri.replace(" ", "%20"))), uri);
            assertEquals(HttpStatus.BAD_REQUEST, e.getStatus(), uri);
            Map<?, ?> error = e.getResponse().getBody(Map.class).orElseThrow();
            assertEquals("invalid_request", error.get("error"), uri);
            // Our own Vietnamese messages, not the framework's generic one.
            assertTrue(error.get("message").toString().matches("(Thiếu tham số|Tham số|Chỉ hỗ trợ) .*"), uri + " → " + error);
        }
        HttpClientResponseException e = assertThrows(HttpClientResponseException.class,
                () -> client.toBlocking().retrieve("/api/v1/calendar/working-days?from=2026-04-28&days=4000"));
        assertEquals("Tham số days phải là số nguyên từ 0 đến 3650.", e.getResponse().getBody(Map.class).orElseThrow().get("message"));
    }
}
