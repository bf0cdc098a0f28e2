package dev.flowback.cli.command;

import java.util.List;

/** The commands that operate a stack through its API. */
public final class Operations {
    private Operations() {
    }

    public static List<Class<?>> all() {
        return List.of(VersionsCommand.class, EnvCommand.class, RollbackCommand.class, StatusCommand.class,
                AlarmsCommand.class, HoldsCommand.class, AutomationCommand.class);
    }
}
