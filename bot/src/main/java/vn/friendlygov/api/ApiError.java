package vn.friendlygov.api;

import io.micronaut.serde.annotation.Serdeable;

/** The one error body every endpoint returns (API.md). */
@Serdeable
public record ApiError(String error, String message) {
}
