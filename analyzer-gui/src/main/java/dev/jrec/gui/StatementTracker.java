package dev.jrec.gui;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the statements the analysis layer creates on a connection, so that Cancel can call
 * {@link Statement#cancel()} on the one that is running: the named queries create their statements inside
 * {@code dev.jrec.analysis}, out of the workbench's reach otherwise.
 */
final class StatementTracker {
    private final List<Statement> live = new ArrayList<>();

    Connection wrap(Connection c) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, (proxy, m, args) -> {
            Object result;
            try {
                result = m.invoke(c, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            if (result instanceof Statement s) remember(s);
            return result;
        });
    }

    private synchronized void remember(Statement s) throws SQLException {
        live.removeIf(StatementTracker::closed);
        live.add(s);
    }

    private static boolean closed(Statement s) {
        try {
            return s.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    /** Cancels whatever statement is running; DuckDB then fails it with an interrupt error. */
    synchronized void cancelAll() {
        for (Statement s : live) {
            try {
                if (!s.isClosed()) s.cancel();
            } catch (SQLException e) {
                // it finished between the check and the cancel: nothing left to stop
            }
        }
    }
}
