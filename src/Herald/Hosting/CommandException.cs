namespace Herald.Hosting;

// A command-line operation that cannot go on: its message is for the operator, printed
// without a stack trace, and the command exits with status 1.
public sealed class CommandException(string message) : Exception(message);
