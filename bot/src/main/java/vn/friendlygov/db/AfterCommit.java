package vn.friendlygov.db;

import io.micronaut.transaction.TransactionOperations;
import io.micronaut.transaction.support.TransactionSynchronization;
import jakarta.inject.Singleton;

import java.sql.Connection;

/**
 * Runs a cache reload once the current transaction has committed (at once outside a transaction):
 * reloaded inside it, another thread could cache the old rows again before the commit, and keep
 * them until its next refresh.
 */
@Singleton
public class AfterCommit {
    private final TransactionOperations<Connection> transactions;

    public AfterCommit(TransactionOperations<Connection> transactions) {
        this.transactions = transactions;
    }

    public void run(Runnable action) {
        transactions.findTransactionStatus().ifPresentOrElse(status -> status.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                action.run();
            }
        }), action);
    }
}
