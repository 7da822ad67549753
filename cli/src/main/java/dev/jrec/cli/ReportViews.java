package dev.jrec.cli;

import dev.jrec.analysis.Analysis;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Adds a {@code jrec report} subcommand for every {@link Analysis}, in its rank's order: a report view is its query
 * file (header lines say its name, source, shape and help) and, when it has options of its own, the class its
 * {@code -- @options} line names in this package.
 */
final class ReportViews implements CommandLine.IModelTransformer {
    @Override
    public CommandSpec transform(CommandSpec report) {
        for (Analysis a : Analysis.all()) {
            ReportCommand.View view = view(a);
            view.analysis = a;
            CommandSpec spec = CommandSpec.forAnnotatedObject(view);
            spec.name(a.id()).mixinStandardHelpOptions(true);
            spec.usageMessage().footer(ExitCodes.HELP_FOOTER);
            if (!a.help().isEmpty()) spec.usageMessage().description(a.help().toArray(String[]::new));
            report.addSubcommand(a.id(), spec);
        }
        return report;
    }

    private static ReportCommand.View view(Analysis a) {
        if (a == Analysis.SUMMARY) return new SummaryView();
        if (a == Analysis.TIMELINE) return new TimelineView();
        if (a.options() != null) {
            String cls = ReportViews.class.getPackageName() + "." + a.options();
            try {
                return (ReportCommand.View) Class.forName(cls).getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException | ClassCastException e) {
                throw new IllegalStateException("queries/" + a.query() + ".sql: @options " + a.options() + " is not a report view class (" + cls + ")", e);
            }
        }
        return switch (a.shape()) {
            case HISTOGRAM -> new QueryView.Histogram();
            case TABLE -> new QueryView.Rows();
            case STACKS -> new QueryView.Stacks();
            case CUSTOM -> throw new IllegalStateException(a.id() + ": a custom report needs its class");
        };
    }
}
