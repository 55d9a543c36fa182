package vn.friendlygov.accounts;

/**
 * Someone else set or reset this official's password, or disabled the account: every session signed in
 * with the old credentials must end (the console's session store listens).
 */
public record CredentialsRevoked(long officialId) {
}
