package io.k2.floe.tiering.catalog;

import java.util.List;
import java.util.stream.Collectors;

/** The catalog configuration has problems; the message lists every one of them. */
public class InvalidCatalogException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final transient List<CatalogProblem> problems;

    public InvalidCatalogException(List<CatalogProblem> problems) {
        super(describe(problems));
        this.problems = List.copyOf(problems);
    }

    /** Every problem found, in a stable order (by table, then in the order the checks run). */
    public List<CatalogProblem> problems() {
        return problems;
    }

    private static String describe(List<CatalogProblem> problems) {
        return "Invalid Floe table catalog (" + problems.size() + (problems.size() == 1 ? " problem" : " problems")
                + "; see docs/table-catalog.md):"
                + problems.stream().map(p -> "\n  - " + p).collect(Collectors.joining());
    }
}
