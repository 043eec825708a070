/**
 * A council directory's settings, each declared once with its key, label, help, default and bounds
 * ({@link uk.boroughbroker.model.directory.DirectorySettings}): the federation's admin form and
 * validation, the councils file's checks and the federation the realm tooling writes are all derived
 * from these declarations. Also the one reader of a council's CA certificates (PEM).
 */
package uk.boroughbroker.model.directory;
