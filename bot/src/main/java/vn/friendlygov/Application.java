package vn.friendlygov;

import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;

/**
 * The service. The OpenAPI document of its HTTP API is generated from the controllers at build time
 * (Micronaut OpenAPI, {@value #OPENAPI}) and shown to administrators in the console.
 */
@OpenAPIDefinition(info = @Info(title = "friendlygov", version = "1",
        description = "Chính quyền thân thiện: API cho cán bộ, lãnh đạo và quản trị viên (xác thực HTTP Basic), "
                + "API hộp trò chuyện trên trang web của xã, webhook Zalo và Messenger. Hợp đồng chi tiết: API.md."))
public class Application {
    /** Where the generated document is on the classpath. */
    public static final String OPENAPI = "META-INF/swagger/friendlygov-1.yml";

    public static void main(String[] args) {
        Micronaut.run(Application.class, args);
    }
}
