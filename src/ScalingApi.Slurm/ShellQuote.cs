namespace ScalingApi.Slurm;

/// <summary>Quoting for the one place a shell is involved: the generated batch script.</summary>
internal static class ShellQuote
{
    /// <summary>
    /// Single-quotes a word for bash. Inside single quotes nothing is special, so the only
    /// character to handle is the quote itself: close, emit an escaped quote, reopen.
    /// </summary>
    public static string Word(string value)
    {
        if (value.Contains('\0'))
            throw new ArgumentException("Shell words cannot contain NUL characters.", nameof(value));
        return "'" + value.Replace("'", "'\\''") + "'";
    }
}
