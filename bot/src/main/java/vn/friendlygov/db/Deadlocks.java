package vn.friendlygov.db;

import java.sql.SQLTransactionRollbackException;
import java.util.function.Supplier;

/** The database may pick a transaction as a deadlock victim; it rolled back whole, so it can simply run again. */
public final class Deadlocks {
    private static final int ATTEMPTS = 3;

    private Deadlocks() {
    }

    /** Runs the transaction, again (up to three times in all) when it was a deadlock victim. */
    public static <T> T retry(Supplier<T> transaction) {
        for (int attempt = 1; ; attempt++) {
            try {
                return transaction.get();
            } catch (RuntimeException e) {
                if (attempt == ATTEMPTS || !isDeadlock(e)) {
                    throw e;
                }
            }
        }
    }

    static boolean isDeadlock(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransactionRollbackException) {
                return true;
            }
        }
        return false;
    }
}
