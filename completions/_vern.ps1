
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'vern' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'vern'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'vern' {
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Which stored credential to use')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Where the journal of operations lives')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('--rate-limit', '--rate-limit', [CompletionResultType]::ParameterName, 'Client-side budget: at most N API requests in any 60-second window')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as one JSON document on stdout (errors too)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a needed answer becomes an error naming the flag to pass')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less on stderr (-qq: errors only)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less on stderr (-qq: errors only)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr (-vv: every HTTP exchange, secrets redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr (-vv: every HTTP exchange, secrets redacted)')
            [CompletionResult]::new('--sandbox', '--sandbox', [CompletionResultType]::ParameterName, 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('auth', 'auth', [CompletionResultType]::ParameterValue, 'Store, check and remove the API key of a profile')
            [CompletionResult]::new('sources', 'sources', [CompletionResultType]::ParameterValue, 'List the sources of the account')
            [CompletionResult]::new('templates', 'templates', [CompletionResultType]::ParameterValue, 'List the templates of the account')
            [CompletionResult]::new('company', 'company', [CompletionResultType]::ParameterValue, 'Provision a company, or show what vern knows about one')
            [CompletionResult]::new('upload', 'upload', [CompletionResultType]::ParameterValue, 'Upload files through signed URLs and print their upload refs')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Start an import run (uploading files first) and wait for it')
            [CompletionResult]::new('poll', 'poll', [CompletionResultType]::ParameterValue, 'Wait for a run until it is terminal or needs a decision')
            [CompletionResult]::new('wait', 'wait', [CompletionResultType]::ParameterValue, 'Wait for a run until it is terminal or needs a decision')
            [CompletionResult]::new('approve', 'approve', [CompletionResultType]::ParameterValue, 'Decide on a run that needs attention, or answer a blocked run')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Push validated rows to the destination and report every write')
            [CompletionResult]::new('download', 'download', [CompletionResultType]::ParameterValue, 'Stream a sheet''s validated CSV to a file or stdout')
            [CompletionResult]::new('migrate', 'migrate', [CompletionResultType]::ParameterValue, 'Run a whole migration as one resumable operation')
            [CompletionResult]::new('deliver', 'deliver', [CompletionResultType]::ParameterValue, 'Relay the validated rows to a directory, S3 or Azure Blob as csv/json/jsonl/xml, exactly once')
            [CompletionResult]::new('jobs', 'jobs', [CompletionResultType]::ParameterValue, 'Saved deliveries on a cron schedule, with a run history')
            [CompletionResult]::new('runs', 'runs', [CompletionResultType]::ParameterValue, 'The journal: every operation with its steps, runs, counts and errors')
            [CompletionResult]::new('resume', 'resume', [CompletionResultType]::ParameterValue, 'Continue an interrupted operation (the latest one without ID)')
            [CompletionResult]::new('sandbox', 'sandbox', [CompletionResultType]::ParameterValue, 'Run a local simulator of the Migration API until interrupted')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'vern;auth' {
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Which stored credential to use')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Where the journal of operations lives')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('--rate-limit', '--rate-limit', [CompletionResultType]::ParameterName, 'Client-side budget: at most N API requests in any 60-second window')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as one JSON document on stdout (errors too)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a needed answer becomes an error naming the flag to pass')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less on stderr (-qq: errors only)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less on stderr (-qq: errors only)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr (-vv: every HTTP exchange, secrets redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr (-vv: every HTTP exchange, secrets redacted)')
            [CompletionResult]::new('--sandbox', '--sandbox', [CompletionResultType]::ParameterName, 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Store the API key of a profile in the OS keyring (after checking it with the API)')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Check the key: where it and the API URL come from, and whether the API accepts it')
            [CompletionResult]::new('logout', 'logout', [CompletionResultType]::ParameterValue, 'Remove the stored key of a profile (keyring and credentials file) and its API URL')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'vern;auth;login' {
            [CompletionResult]::new('--webhook-secret', '--webhook-secret', [CompletionResultType]::ParameterName, 'Store a webhook signing secret under NAME instead of an API key')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Which stored credential to use')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Where the journal of operations lives')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('--rate-limit', '--rate-limit', [CompletionResultType]::ParameterName, 'Client-side budget: at most N API requests in any 60-second window')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out')
            [CompletionResult]::new('--with-key-stdin', '--with-key-stdin', [CompletionResultType]::ParameterName, 'Read the key (or the secret) from stdin instead of prompting (for automation)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as one JSON document on stdout (errors too)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a needed answer becomes an error naming the flag to pass')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less on stderr (-qq: errors only)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less on stderr (-qq: errors only)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr (-vv: every HTTP exchange, secrets redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr (-vv: every HTTP exchange, secrets redacted)')
            [CompletionResult]::new('--sandbox', '--sandbox', [CompletionResultType]::ParameterName, 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vern;auth;status' {
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Which stored credential to use')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Where the journal of operations lives')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('--rate-limit', '--rate-limit', [CompletionResultType]::ParameterName, 'Client-side budget: at most N API requests in any 60-second window')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as one JSON document on stdout (errors too)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a needed answer becomes an error naming the flag to pass')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less on stderr (-qq: errors only)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less on stderr (-qq: errors only)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr (-vv: every HTTP exchange, secrets redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr (-vv: every HTTP exchange, secrets redacted)')
            [CompletionResult]::new('--sandbox', '--sandbox', [CompletionResultType]::ParameterName, 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vern;auth;logout' {
            [CompletionResult]::new('--webhook-secret', '--webhook-secret', [CompletionResultType]::ParameterName, 'Remove the webhook signing secret stored under NAME instead of the API key')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Which stored credential to use')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Where the journal of operations lives')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('--rate-limit', '--rate-limit', [CompletionResultType]::ParameterName, 'Client-side budget: at most N API requests in any 60-second window')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as one JSON document on stdout (errors too)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a needed answer becomes an error naming the flag to pass')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less on stderr (-qq: errors only)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less on stderr (-qq: errors only)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr (-vv: every HTTP exchange, secrets redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr (-vv: every HTTP exchange, secrets redacted)')
            [CompletionResult]::new('--sandbox', '--sandbox', [CompletionResultType]::ParameterName, 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vern;auth;help' {
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Store the API key of a profile in the OS keyring (after checking it with the API)')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Check the key: where it and the API URL come from, and whether the API accepts it')
            [CompletionResult]::new('logout', 'logout', [CompletionResultType]::ParameterValue, 'Remove the stored key of a profile (keyring and credentials file) and its API URL')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'vern;auth;help;login' {
            break
        }
        'vern;auth;help;status' {
            break
        }
        'vern;auth;help;logout' {
            break
        }
        'vern;auth;help;help' {
            break
        }
        'vern;sources' {
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Which stored credential to use')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Where the journal of operations lives')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('--rate-limit', '--rate-limit', [CompletionResultType]::ParameterName, 'Client-side budget: at most N API requests in any 60-second window')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as one JSON document on stdout (errors too)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a needed answer becomes an error naming the flag to pass')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less on stderr (-qq: errors only)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less on stderr (-qq: errors only)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr (-vv: every HTTP exchange, secrets redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr (-vv: every HTTP exchange, secrets redacted)')
            [CompletionResult]::new('--sandbox', '--sandbox', [CompletionResultType]::ParameterName, 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the sources of the account (pass an id to `company create --source`)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'vern;sources;list' {
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Which stored credential to use')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Where the journal of operations lives')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('--rate-limit', '--rate-limit', [CompletionResultType]::ParameterName, 'Client-side budget: at most N API requests in any 60-second window')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as one JSON document on stdout (errors too)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a needed answer becomes an error naming the flag to pass')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less on stderr (-qq: errors only)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less on stderr (-qq: errors only)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr (-vv: every HTTP exchange, secrets redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr (-vv: every HTTP exchange, secrets redacted)')
            [CompletionResult]::new('--sandbox', '--sandbox', [CompletionResultType]::ParameterName, 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vern;sources;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the sources of the account (pass an id to `company create --source`)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'vern;sources;help;list' {
            break
        }
        'vern;sources;help;help' {
            break
        }
        'vern;templates' {
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Which stored credential to use')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Where the journal of operations lives')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('--rate-limit', '--rate-limit', [CompletionResultType]::ParameterName, 'Client-side budget: at most N API requests in any 60-second window')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as one JSON document on stdout (errors too)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a needed answer becomes an error naming the flag to pass')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less on stderr (-qq: errors only)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less on stderr (-qq: errors only)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr (-vv: every HTTP exchange, secrets redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr (-vv: every HTTP exchange, secrets redacted)')
            [CompletionResult]::new('--sandbox', '--sandbox', [CompletionResultType]::ParameterName, 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the templates of the account with their columns and rules')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'vern;templates;list' {
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Which stored credential to use')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Where the journal of operations lives')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('--rate-limit', '--rate-limit', [CompletionResultType]::ParameterName, 'Client-side budget: at most N API requests in any 60-second window')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as one JSON document on stdout (errors too)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a needed answer becomes an error naming the flag to pass')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less on stderr (-qq: errors only)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less on stderr (-qq: errors only)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr (-vv: every HTTP exchange, secrets redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr (-vv: every HTTP exchange, secrets redacted)')
            [CompletionResult]::new('--sandbox', '--sandbox', [CompletionResultType]::ParameterName, 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vern;templates;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the templates of the account with their columns and rules')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'vern;templates;help;list' {
            break
        }
        'vern;templates;help;help' {
            break
        }
        'vern;company' {
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Which stored credential to use')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Where the journal of operations lives')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('--rate-limit', '--rate-limit', [CompletionResultType]::ParameterName, 'Client-side budget: at most N API requests in any 60-second window')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as one JSON document on stdout (errors too)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a needed answer becomes an error naming the flag to pass')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less on stderr (-qq: errors only)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less on stderr (-qq: errors only)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr (-vv: every HTTP exchange, secrets redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr (-vv: every HTTP exchange, secrets redacted)')
            [CompletionResult]::new('--sandbox', '--sandbox', [CompletionResultType]::ParameterName, 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Provision a company: its workbook gets one sheet per template')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'What vern knows about a company: its sheets with ids and row counts')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'vern;company;create' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Display name (usually the customer''s organisation)')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'Source id (see `vern sources list`)')
            [CompletionResult]::new('--external-id', '--external-id', [CompletionResultType]::ParameterName, 'Your id for the customer: letters, digits, - and _, at most 255; unique in the account')
            [CompletionResult]::new('--template', '--template', [CompletionResultType]::ParameterName, 'Template to include (repeatable; default: every template)')
            [CompletionResult]::new('--connection', '--connection', [CompletionResultType]::ParameterName, 'JSON file with the destination connection: {"destination": {"base_url": …, "auth": {…}}}')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Which stored credential to use')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Where the journal of operations lives')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('--rate-limit', '--rate-limit', [CompletionResultType]::ParameterName, 'Client-side budget: at most N API requests in any 60-second window')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as one JSON document on stdout (errors too)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a needed answer becomes an error naming the flag to pass')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less on stderr (-qq: errors only)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less on stderr (-qq: errors only)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr (-vv: every HTTP exchange, secrets redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr (-vv: every HTTP exchange, secrets redacted)')
            [CompletionResult]::new('--sandbox', '--sandbox', [CompletionResultType]::ParameterName, 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vern;company;show' {
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Which stored credential to use')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Where the journal of operations lives')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('--rate-limit', '--rate-limit', [CompletionResultType]::ParameterName, 'Client-side budget: at most N API requests in any 60-second window')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as one JSON document on stdout (errors too)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a needed answer becomes an error naming the flag to pass')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less on stderr (-qq: errors only)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less on stderr (-qq: errors only)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr (-vv: every HTTP exchange, secrets redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr (-vv: every HTTP exchange, secrets redacted)')
            [CompletionResult]::new('--sandbox', '--sandbox', [CompletionResultType]::ParameterName, 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vern;company;help' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Provision a company: its workbook gets one sheet per template')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'What vern knows about a company: its sheets with ids and row counts')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'vern;company;help;create' {
            break
        }
        'vern;company;help;show' {
            break
        }
        'vern;company;help;help' {
            break
        }
        'vern;upload' {
            [CompletionResult]::new('--company', '--company', [CompletionResultType]::ParameterName, 'Company id')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Which stored credential to use')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Where the journal of operations lives')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('--rate-limit', '--rate-limit', [CompletionResultType]::ParameterName, 'Client-side budget: at most N API requests in any 60-second window')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out')
            [CompletionResult]::new('--new', '--new', [CompletionResultType]::ParameterName, 'Upload again even if an unfinished upload of these files is in the journal')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as one JSON document on stdout (errors too)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a needed answer becomes an error naming the flag to pass')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less on stderr (-qq: errors only)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less on stderr (-qq: errors only)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr (-vv: every HTTP exchange, secrets redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr (-vv: every HTTP exchange, secrets redacted)')
            [CompletionResult]::new('--sandbox', '--sandbox', [CompletionResultType]::ParameterName, 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vern;import' {
            [CompletionResult]::new('--company', '--company', [CompletionResultType]::ParameterName, 'Company id')
            [CompletionResult]::new('--upload-ref', '--upload-ref', [CompletionResultType]::ParameterName, 'Import an earlier upload (repeatable); NAME defaults to the ref''s last segment')
            [CompletionResult]::new('--rows', '--rows', [CompletionResultType]::ParameterName, 'Inline rows: a JSON array of objects, from FILE or - (stdin)')
            [CompletionResult]::new('--idempotency-key', '--idempotency-key', [CompletionResultType]::ParameterName, 'Idempotency key for the run (default: a generated one, kept in the journal)')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Which stored credential to use')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Where the journal of operations lives')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('--rate-limit', '--rate-limit', [CompletionResultType]::ParameterName, 'Client-side budget: at most N API requests in any 60-second window')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out')
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Return once the run is started instead of waiting for it')
            [CompletionResult]::new('--new', '--new', [CompletionResultType]::ParameterName, 'Start a new operation even if an unfinished one matches this command')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as one JSON document on stdout (errors too)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a needed answer becomes an error naming the flag to pass')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less on stderr (-qq: errors only)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less on stderr (-qq: errors only)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr (-vv: every HTTP exchange, secrets redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr (-vv: every HTTP exchange, secrets redacted)')
            [CompletionResult]::new('--sandbox', '--sandbox', [CompletionResultType]::ParameterName, 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vern;poll' {
            [CompletionResult]::new('--company', '--company', [CompletionResultType]::ParameterName, 'Company id')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Which stored credential to use')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Where the journal of operations lives')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('--rate-limit', '--rate-limit', [CompletionResultType]::ParameterName, 'Client-side budget: at most N API requests in any 60-second window')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out')
            [CompletionResult]::new('--active', '--active', [CompletionResultType]::ParameterName, 'Wait for the company''s import in flight, whatever its id')
            [CompletionResult]::new('--export', '--export', [CompletionResultType]::ParameterName, 'The run is an export run')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as one JSON document on stdout (errors too)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a needed answer becomes an error naming the flag to pass')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less on stderr (-qq: errors only)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less on stderr (-qq: errors only)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr (-vv: every HTTP exchange, secrets redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr (-vv: every HTTP exchange, secrets redacted)')
            [CompletionResult]::new('--sandbox', '--sandbox', [CompletionResultType]::ParameterName, 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vern;wait' {
            [CompletionResult]::new('--company', '--company', [CompletionResultType]::ParameterName, 'Company id')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Which stored credential to use')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Where the journal of operations lives')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('--rate-limit', '--rate-limit', [CompletionResultType]::ParameterName, 'Client-side budget: at most N API requests in any 60-second window')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out')
            [CompletionResult]::new('--active', '--active', [CompletionResultType]::ParameterName, 'Wait for the company''s import in flight, whatever its id')
            [CompletionResult]::new('--export', '--export', [CompletionResultType]::ParameterName, 'The run is an export run')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as one JSON document on stdout (errors too)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a needed answer becomes an error naming the flag to pass')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less on stderr (-qq: errors only)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less on stderr (-qq: errors only)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr (-vv: every HTTP exchange, secrets redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr (-vv: every HTTP exchange, secrets redacted)')
            [CompletionResult]::new('--sandbox', '--sandbox', [CompletionResultType]::ParameterName, 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vern;approve' {
            [CompletionResult]::new('--company', '--company', [CompletionResultType]::ParameterName, 'Company id')
            [CompletionResult]::new('--answer', '--answer', [CompletionResultType]::ParameterName, 'Answer a question (repeatable): QID=VALUE')
            [CompletionResult]::new('--message', '--message', [CompletionResultType]::ParameterName, 'A free-form instruction for a blocked (or running) run')
            [CompletionResult]::new('--expect-patch', '--expect-patch', [CompletionResultType]::ParameterName, 'Refuse unless the proposal''s patch hash is still HASH')
            [CompletionResult]::new('--note', '--note', [CompletionResultType]::ParameterName, 'Why: recorded with the decision in the journal (`vern runs show` prints it)')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Which stored credential to use')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Where the journal of operations lives')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('--rate-limit', '--rate-limit', [CompletionResultType]::ParameterName, 'Client-side budget: at most N API requests in any 60-second window')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out')
            [CompletionResult]::new('--accept', '--accept', [CompletionResultType]::ParameterName, 'Apply the proposed fix as shown')
            [CompletionResult]::new('--reject', '--reject', [CompletionResultType]::ParameterName, 'Decline any fix; flagged rows stay flagged and out of the valid export')
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Return once the decision is sent instead of waiting for the run')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as one JSON document on stdout (errors too)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a needed answer becomes an error naming the flag to pass')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less on stderr (-qq: errors only)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less on stderr (-qq: errors only)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr (-vv: every HTTP exchange, secrets redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr (-vv: every HTTP exchange, secrets redacted)')
            [CompletionResult]::new('--sandbox', '--sandbox', [CompletionResultType]::ParameterName, 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vern;export' {
            [CompletionResult]::new('--company', '--company', [CompletionResultType]::ParameterName, 'Company id')
            [CompletionResult]::new('--mode', '--mode', [CompletionResultType]::ParameterName, 'canary (first row of each template) or full')
            [CompletionResult]::new('--template', '--template', [CompletionResultType]::ParameterName, 'Only this template (repeatable)')
            [CompletionResult]::new('--row-filter', '--row-filter', [CompletionResultType]::ParameterName, 'Only rows matching this JSON object: {"Column": "value" or ["values"]}')
            [CompletionResult]::new('--report', '--report', [CompletionResultType]::ParameterName, 'Write every result row to FILE')
            [CompletionResult]::new('--report-format', '--report-format', [CompletionResultType]::ParameterName, 'The report''s format (default: jsonl for a .jsonl/.ndjson/.json name, else csv)')
            [CompletionResult]::new('--idempotency-key', '--idempotency-key', [CompletionResultType]::ParameterName, 'Idempotency key for the run (default: a generated one)')
            [CompletionResult]::new('--max-rows', '--max-rows', [CompletionResultType]::ParameterName, 'Refuse a run that would write more than N rows (exit 8, nothing sent)')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Which stored credential to use')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Where the journal of operations lives')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('--rate-limit', '--rate-limit', [CompletionResultType]::ParameterName, 'Client-side budget: at most N API requests in any 60-second window')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out')
            [CompletionResult]::new('--allow-failures', '--allow-failures', [CompletionResultType]::ParameterName, 'Exit 0 even when writes failed or came back hollow')
            [CompletionResult]::new('--new', '--new', [CompletionResultType]::ParameterName, 'Start a new operation even if an unfinished one matches this command')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Export again even though a full export already ran for this company')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Export again even though a full export already ran for this company')
            [CompletionResult]::new('--plan', '--plan', [CompletionResultType]::ParameterName, 'Print how many rows the run would write (per template, from the last completed import vern knows) and send nothing')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as one JSON document on stdout (errors too)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a needed answer becomes an error naming the flag to pass')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less on stderr (-qq: errors only)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less on stderr (-qq: errors only)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr (-vv: every HTTP exchange, secrets redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr (-vv: every HTTP exchange, secrets redacted)')
            [CompletionResult]::new('--sandbox', '--sandbox', [CompletionResultType]::ParameterName, 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vern;download' {
            [CompletionResult]::new('--company', '--company', [CompletionResultType]::ParameterName, 'Company id')
            [CompletionResult]::new('--sheet', '--sheet', [CompletionResultType]::ParameterName, 'Sheet id, or its name as the workbook names it (Contacts; case does not matter), looked up in what vern knows about the company (see `vern company show`)')
            [CompletionResult]::new('--filter', '--filter', [CompletionResultType]::ParameterName, 'valid (clean rows only) or all')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output file, directory, or - for stdout (default: the server''s file name, here)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output file, directory, or - for stdout (default: the server''s file name, here)')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Which stored credential to use')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Where the journal of operations lives')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('--rate-limit', '--rate-limit', [CompletionResultType]::ParameterName, 'Client-side budget: at most N API requests in any 60-second window')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace an existing file of the name the server suggests (without -o, or with -o DIR)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as one JSON document on stdout (errors too)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a needed answer becomes an error naming the flag to pass')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less on stderr (-qq: errors only)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less on stderr (-qq: errors only)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr (-vv: every HTTP exchange, secrets redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr (-vv: every HTTP exchange, secrets redacted)')
            [CompletionResult]::new('--sandbox', '--sandbox', [CompletionResultType]::ParameterName, 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vern;migrate' {
            [CompletionResult]::new('--manifest', '--manifest', [CompletionResultType]::ParameterName, 'Run many migrations: one company per row of FILE (CSV with a header, or JSON lines)')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Migrations run at once in fleet mode, sharing the one rate budget')
            [CompletionResult]::new('--shard', '--shard', [CompletionResultType]::ParameterName, 'Take shard I of N of the manifest (every N-th row from the I-th), to split a fleet across jobs')
            [CompletionResult]::new('--company', '--company', [CompletionResultType]::ParameterName, 'An existing company')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Provision a company with this name first')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'Source of the company to provision (default with --sandbox: the seeded HubSpot source)')
            [CompletionResult]::new('--external-id', '--external-id', [CompletionResultType]::ParameterName, 'External id of the company to provision (default: one derived from the operation id)')
            [CompletionResult]::new('--template', '--template', [CompletionResultType]::ParameterName, 'Template of the company to provision (repeatable; default: all)')
            [CompletionResult]::new('--connection', '--connection', [CompletionResultType]::ParameterName, 'Destination connection of the company to provision (JSON file)')
            [CompletionResult]::new('--approve', '--approve', [CompletionResultType]::ParameterName, 'What to do when the import needs attention')
            [CompletionResult]::new('--export', '--export', [CompletionResultType]::ParameterName, 'How far to export: none, canary, or full (canary first unless --no-canary)')
            [CompletionResult]::new('--download', '--download', [CompletionResultType]::ParameterName, 'Download the valid CSV of every sheet into DIR as <sheet>.csv (never over an input file)')
            [CompletionResult]::new('--deliver', '--deliver', [CompletionResultType]::ParameterName, 'Deliver the valid rows of every sheet to DEST, as `vern deliver` does (last)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'The delivered files'' format: csv, json, jsonl or xml (with --deliver)')
            [CompletionResult]::new('--deliver-name', '--deliver-name', [CompletionResultType]::ParameterName, 'The delivered files'' names, as `vern deliver --name` (with --deliver; --name names the company)')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Which stored credential to use')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Where the journal of operations lives')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('--rate-limit', '--rate-limit', [CompletionResultType]::ParameterName, 'Client-side budget: at most N API requests in any 60-second window')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out')
            [CompletionResult]::new('--no-canary', '--no-canary', [CompletionResultType]::ParameterName, 'Skip the canary before a full export (and its gate)')
            [CompletionResult]::new('--gzip', '--gzip', [CompletionResultType]::ParameterName, 'Compress each delivered file with gzip (with --deliver)')
            [CompletionResult]::new('--allow-failures', '--allow-failures', [CompletionResultType]::ParameterName, 'Exit 0 even when export writes failed or came back hollow')
            [CompletionResult]::new('--new', '--new', [CompletionResultType]::ParameterName, 'Start a new operation even if an unfinished one matches this command')
            [CompletionResult]::new('--plan', '--plan', [CompletionResultType]::ParameterName, 'Print the steps the migration would still run, with what can be known before the data exists, and send nothing')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as one JSON document on stdout (errors too)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a needed answer becomes an error naming the flag to pass')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less on stderr (-qq: errors only)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less on stderr (-qq: errors only)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr (-vv: every HTTP exchange, secrets redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr (-vv: every HTTP exchange, secrets redacted)')
            [CompletionResult]::new('--sandbox', '--sandbox', [CompletionResultType]::ParameterName, 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vern;deliver' {
            [CompletionResult]::new('--company', '--company', [CompletionResultType]::ParameterName, 'Company id')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Where: DIR, file:///abs/dir, s3://BUCKET/PREFIX, az://CONTAINER/PREFIX, sftp://USER@HOST[:PORT]/PATH, https://HOST/PATH (a webhook)')
            [CompletionResult]::new('--sheet', '--sheet', [CompletionResultType]::ParameterName, 'Only this sheet, by id or name (repeatable; default: every sheet vern knows)')
            [CompletionResult]::new('--filter', '--filter', [CompletionResultType]::ParameterName, 'valid (clean rows only) or all')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'csv, json, jsonl or xml')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'File names: {company} {external_id} {sheet} {sheet_id} {date} {time} {run} {ext}')
            [CompletionResult]::new('--if-exists', '--if-exists', [CompletionResultType]::ParameterName, 'What a name that already exists means: fail (exit 7, nothing written), skip, overwrite')
            [CompletionResult]::new('--mode', '--mode', [CompletionResultType]::ParameterName, 'snapshot (every row) or delta (only rows new or changed since the last delivery there)')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'The column that identifies a row in delta mode (repeatable; default: the template''s unique columns)')
            [CompletionResult]::new('--batch-size', '--batch-size', [CompletionResultType]::ParameterName, 'Webhooks: rows per batch, 1 to 10,000 (default 1,000)')
            [CompletionResult]::new('--webhook-secret', '--webhook-secret', [CompletionResultType]::ParameterName, 'Webhooks: sign with the secret stored as NAME (vern auth login --webhook-secret NAME) instead of VERN_WEBHOOK_SECRET')
            [CompletionResult]::new('--plan-out', '--plan-out', [CompletionResultType]::ParameterName, 'Save the plan to FILE (implies --plan), for --apply')
            [CompletionResult]::new('--apply', '--apply', [CompletionResultType]::ParameterName, 'Run exactly the plan saved in FILE; refused (exit 8) when the rows or the ledger changed')
            [CompletionResult]::new('--max-rows', '--max-rows', [CompletionResultType]::ParameterName, 'Refuse a run that would send more than N rows (exit 8, nothing sent)')
            [CompletionResult]::new('--cap-behavior', '--cap-behavior', [CompletionResultType]::ParameterName, 'Over --max-rows: refuse the run, or (delta) send the first N rows in key order')
            [CompletionResult]::new('--ssh-key', '--ssh-key', [CompletionResultType]::ParameterName, 'Log in with this private key file (also VERN_SSH_KEY; default: the SSH agent). A passphrase comes from VERN_SSH_KEY_PASSPHRASE, or is asked on a terminal')
            [CompletionResult]::new('--known-hosts', '--known-hosts', [CompletionResultType]::ParameterName, 'Check the server''s host key against this file (default: ~/.ssh/known_hosts and /etc/ssh/ssh_known_hosts)')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Which stored credential to use')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Where the journal of operations lives')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('--rate-limit', '--rate-limit', [CompletionResultType]::ParameterName, 'Client-side budget: at most N API requests in any 60-second window')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out')
            [CompletionResult]::new('--gzip', '--gzip', [CompletionResultType]::ParameterName, 'Compress each file with gzip (adds .gz)')
            [CompletionResult]::new('--no-manifest', '--no-manifest', [CompletionResultType]::ParameterName, 'Do not write the manifest')
            [CompletionResult]::new('--allow-failures', '--allow-failures', [CompletionResultType]::ParameterName, 'Exit 0 even when characters XML forbids were dropped or webhook batches were refused')
            [CompletionResult]::new('--new', '--new', [CompletionResultType]::ParameterName, 'Deliver again even though this command already completed')
            [CompletionResult]::new('--plan', '--plan', [CompletionResultType]::ParameterName, 'Print what the run would send (rows, new/changed/unchanged/removed, exact bytes, files or webhook batches, requests) and send nothing; a webhook plan needs no signing secret')
            [CompletionResult]::new('--accept-new-host-key', '--accept-new-host-key', [CompletionResultType]::ParameterName, 'Record the host key of a server the known_hosts file does not list yet, like OpenSSH''s StrictHostKeyChecking=accept-new (a changed key is always refused)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as one JSON document on stdout (errors too)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a needed answer becomes an error naming the flag to pass')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less on stderr (-qq: errors only)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less on stderr (-qq: errors only)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr (-vv: every HTTP exchange, secrets redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr (-vv: every HTTP exchange, secrets redacted)')
            [CompletionResult]::new('--sandbox', '--sandbox', [CompletionResultType]::ParameterName, 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vern;jobs' {
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Which stored credential to use')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Where the journal of operations lives')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('--rate-limit', '--rate-limit', [CompletionResultType]::ParameterName, 'Client-side budget: at most N API requests in any 60-second window')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as one JSON document on stdout (errors too)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a needed answer becomes an error naming the flag to pass')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less on stderr (-qq: errors only)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less on stderr (-qq: errors only)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr (-vv: every HTTP exchange, secrets redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr (-vv: every HTTP exchange, secrets redacted)')
            [CompletionResult]::new('--sandbox', '--sandbox', [CompletionResultType]::ParameterName, 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Save a job: a delivery on a cron schedule in a time zone')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Every job: destination, schedule, state, last run, next fire time')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'One job, its next five fire times and its last runs')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Change some fields of a job')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a job and its run history')
            [CompletionResult]::new('pause', 'pause', [CompletionResultType]::ParameterValue, 'Stop a job''s schedule')
            [CompletionResult]::new('resume', 'resume', [CompletionResultType]::ParameterValue, 'Restart a job''s schedule from now')
            [CompletionResult]::new('runs', 'runs', [CompletionResultType]::ParameterValue, 'A job''s run history, most recent first')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Run a job now')
            [CompletionResult]::new('run-due', 'run-due', [CompletionResultType]::ParameterValue, 'Run every active job whose fire time has come (for cron, CI, Kubernetes)')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'A foreground scheduler, with an optional HTTP API')
            [CompletionResult]::new('schedule', 'schedule', [CompletionResultType]::ParameterValue, 'Print a wrapper that calls run-due from crontab, GitHub, Kubernetes or systemd')
            [CompletionResult]::new('apply', 'apply', [CompletionResultType]::ParameterValue, 'Declare jobs from a JSON file (upsert by name)')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Print every job in the file format of `jobs apply`')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'vern;jobs;create' {
            [CompletionResult]::new('--company', '--company', [CompletionResultType]::ParameterName, 'Company id')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Where: DIR, file:///abs/dir, s3://BUCKET/PREFIX, az://CONTAINER/PREFIX')
            [CompletionResult]::new('--schedule', '--schedule', [CompletionResultType]::ParameterName, 'When: 5-field cron (minute hour day-of-month month day-of-week) or @hourly/@daily/@weekly/@monthly')
            [CompletionResult]::new('--tz', '--tz', [CompletionResultType]::ParameterName, 'The schedule''s IANA time zone (Europe/Berlin, America/New_York) [default: UTC]')
            [CompletionResult]::new('--description', '--description', [CompletionResultType]::ParameterName, 'What the job is for')
            [CompletionResult]::new('--sheet', '--sheet', [CompletionResultType]::ParameterName, 'Only this sheet, by id or name (repeatable; default: every sheet vern knows at run time)')
            [CompletionResult]::new('--filter', '--filter', [CompletionResultType]::ParameterName, 'valid (clean rows only) or all')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'csv, json, jsonl or xml')
            [CompletionResult]::new('--gzip', '--gzip', [CompletionResultType]::ParameterName, 'Compress each file with gzip (--gzip=false turns it off)')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'File names: {company} {external_id} {sheet} {sheet_id} {date} {time} {run} {ext}; {date} and {time} are the fire time in UTC [default: {sheet}-{date}T{time}.{ext}]')
            [CompletionResult]::new('--if-exists', '--if-exists', [CompletionResultType]::ParameterName, 'What a name that already exists means: fail, skip, overwrite [default: fail]')
            [CompletionResult]::new('--mode', '--mode', [CompletionResultType]::ParameterName, 'snapshot (every row) or delta (only rows new or changed since the last delivery there)')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'The column that identifies a row in delta mode (repeatable)')
            [CompletionResult]::new('--no-manifest', '--no-manifest', [CompletionResultType]::ParameterName, 'Do not write the manifest (--no-manifest=false writes it again)')
            [CompletionResult]::new('--max-rows', '--max-rows', [CompletionResultType]::ParameterName, 'Refuse a run that would send more than N rows (exit 8); `none` removes the cap')
            [CompletionResult]::new('--allow-failures', '--allow-failures', [CompletionResultType]::ParameterName, 'Exit 0 even when characters XML forbids were dropped')
            [CompletionResult]::new('--catch-up', '--catch-up', [CompletionResultType]::ParameterName, 'What run-due does with fire times that passed unrun: latest, all, none [default: latest]')
            [CompletionResult]::new('--deadline', '--deadline', [CompletionResultType]::ParameterName, 'Fire times older than this are recorded as missed, not run [default: 24h]')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Pretend it is this moment (RFC 3339, e.g. 2026-03-08T07:00:00Z): for tests and rehearsals')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Which stored credential to use')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Where the journal of operations lives')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('--rate-limit', '--rate-limit', [CompletionResultType]::ParameterName, 'Client-side budget: at most N API requests in any 60-second window')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out')
            [CompletionResult]::new('--paused', '--paused', [CompletionResultType]::ParameterName, 'Save it paused (resume with `vern jobs resume`)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as one JSON document on stdout (errors too)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a needed answer becomes an error naming the flag to pass')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less on stderr (-qq: errors only)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less on stderr (-qq: errors only)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr (-vv: every HTTP exchange, secrets redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr (-vv: every HTTP exchange, secrets redacted)')
            [CompletionResult]::new('--sandbox', '--sandbox', [CompletionResultType]::ParameterName, 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vern;jobs;list' {
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Pretend it is this moment (RFC 3339, e.g. 2026-03-08T07:00:00Z): for tests and rehearsals')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Which stored credential to use')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Where the journal of operations lives')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('--rate-limit', '--rate-limit', [CompletionResultType]::ParameterName, 'Client-side budget: at most N API requests in any 60-second window')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as one JSON document on stdout (errors too)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a needed answer becomes an error naming the flag to pass')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less on stderr (-qq: errors only)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less on stderr (-qq: errors only)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr (-vv: every HTTP exchange, secrets redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr (-vv: every HTTP exchange, secrets redacted)')
            [CompletionResult]::new('--sandbox', '--sandbox', [CompletionResultType]::ParameterName, 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vern;jobs;show' {
            [CompletionResult]::new('--runs', '--runs', [CompletionResultType]::ParameterName, 'How many of its last runs to show')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Pretend it is this moment (RFC 3339, e.g. 2026-03-08T07:00:00Z): for tests and rehearsals')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Which stored credential to use')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Where the journal of operations lives')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('--rate-limit', '--rate-limit', [CompletionResultType]::ParameterName, 'Client-side budget: at most N API requests in any 60-second window')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as one JSON document on stdout (errors too)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a needed answer becomes an error naming the flag to pass')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less on stderr (-qq: errors only)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less on stderr (-qq: errors only)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr (-vv: every HTTP exchange, secrets redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr (-vv: every HTTP exchange, secrets redacted)')
            [CompletionResult]::new('--sandbox', '--sandbox', [CompletionResultType]::ParameterName, 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vern;jobs;update' {
            [CompletionResult]::new('--rename', '--rename', [CompletionResultType]::ParameterName, 'A new name')
            [CompletionResult]::new('--company', '--company', [CompletionResultType]::ParameterName, 'A new company id')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'A new destination')
            [CompletionResult]::new('--schedule', '--schedule', [CompletionResultType]::ParameterName, 'A new schedule (restarts it from now)')
            [CompletionResult]::new('--tz', '--tz', [CompletionResultType]::ParameterName, 'A new time zone (restarts the schedule from now)')
            [CompletionResult]::new('--description', '--description', [CompletionResultType]::ParameterName, 'A new description ('''' removes it)')
            [CompletionResult]::new('--sheet', '--sheet', [CompletionResultType]::ParameterName, 'Only this sheet, by id or name (repeatable; default: every sheet vern knows at run time)')
            [CompletionResult]::new('--filter', '--filter', [CompletionResultType]::ParameterName, 'valid (clean rows only) or all')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'csv, json, jsonl or xml')
            [CompletionResult]::new('--gzip', '--gzip', [CompletionResultType]::ParameterName, 'Compress each file with gzip (--gzip=false turns it off)')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'File names: {company} {external_id} {sheet} {sheet_id} {date} {time} {run} {ext}; {date} and {time} are the fire time in UTC [default: {sheet}-{date}T{time}.{ext}]')
            [CompletionResult]::new('--if-exists', '--if-exists', [CompletionResultType]::ParameterName, 'What a name that already exists means: fail, skip, overwrite [default: fail]')
            [CompletionResult]::new('--mode', '--mode', [CompletionResultType]::ParameterName, 'snapshot (every row) or delta (only rows new or changed since the last delivery there)')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'The column that identifies a row in delta mode (repeatable)')
            [CompletionResult]::new('--no-manifest', '--no-manifest', [CompletionResultType]::ParameterName, 'Do not write the manifest (--no-manifest=false writes it again)')
            [CompletionResult]::new('--max-rows', '--max-rows', [CompletionResultType]::ParameterName, 'Refuse a run that would send more than N rows (exit 8); `none` removes the cap')
            [CompletionResult]::new('--allow-failures', '--allow-failures', [CompletionResultType]::ParameterName, 'Exit 0 even when characters XML forbids were dropped')
            [CompletionResult]::new('--catch-up', '--catch-up', [CompletionResultType]::ParameterName, 'What run-due does with fire times that passed unrun: latest, all, none [default: latest]')
            [CompletionResult]::new('--deadline', '--deadline', [CompletionResultType]::ParameterName, 'Fire times older than this are recorded as missed, not run [default: 24h]')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Pretend it is this moment (RFC 3339, e.g. 2026-03-08T07:00:00Z): for tests and rehearsals')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Which stored credential to use')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Where the journal of operations lives')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('--rate-limit', '--rate-limit', [CompletionResultType]::ParameterName, 'Client-side budget: at most N API requests in any 60-second window')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out')
            [CompletionResult]::new('--all-sheets', '--all-sheets', [CompletionResultType]::ParameterName, 'Deliver every sheet vern knows (empties --sheet)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as one JSON document on stdout (errors too)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a needed answer becomes an error naming the flag to pass')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less on stderr (-qq: errors only)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less on stderr (-qq: errors only)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr (-vv: every HTTP exchange, secrets redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr (-vv: every HTTP exchange, secrets redacted)')
            [CompletionResult]::new('--sandbox', '--sandbox', [CompletionResultType]::ParameterName, 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vern;jobs;delete' {
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Which stored credential to use')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Where the journal of operations lives')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('--rate-limit', '--rate-limit', [CompletionResultType]::ParameterName, 'Client-side budget: at most N API requests in any 60-second window')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as one JSON document on stdout (errors too)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a needed answer becomes an error naming the flag to pass')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less on stderr (-qq: errors only)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less on stderr (-qq: errors only)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr (-vv: every HTTP exchange, secrets redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr (-vv: every HTTP exchange, secrets redacted)')
            [CompletionResult]::new('--sandbox', '--sandbox', [CompletionResultType]::ParameterName, 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vern;jobs;pause' {
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Pretend it is this moment (RFC 3339, e.g. 2026-03-08T07:00:00Z): for tests and rehearsals')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Which stored credential to use')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Where the journal of operations lives')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('--rate-limit', '--rate-limit', [CompletionResultType]::ParameterName, 'Client-side budget: at most N API requests in any 60-second window')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as one JSON document on stdout (errors too)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a needed answer becomes an error naming the flag to pass')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less on stderr (-qq: errors only)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less on stderr (-qq: errors only)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr (-vv: every HTTP exchange, secrets redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr (-vv: every HTTP exchange, secrets redacted)')
            [CompletionResult]::new('--sandbox', '--sandbox', [CompletionResultType]::ParameterName, 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vern;jobs;resume' {
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Pretend it is this moment (RFC 3339, e.g. 2026-03-08T07:00:00Z): for tests and rehearsals')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Which stored credential to use')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Where the journal of operations lives')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('--rate-limit', '--rate-limit', [CompletionResultType]::ParameterName, 'Client-side budget: at most N API requests in any 60-second window')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as one JSON document on stdout (errors too)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a needed answer becomes an error naming the flag to pass')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less on stderr (-qq: errors only)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less on stderr (-qq: errors only)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr (-vv: every HTTP exchange, secrets redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr (-vv: every HTTP exchange, secrets redacted)')
            [CompletionResult]::new('--sandbox', '--sandbox', [CompletionResultType]::ParameterName, 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vern;jobs;runs' {
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'Show at most N runs')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Which stored credential to use')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Where the journal of operations lives')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('--rate-limit', '--rate-limit', [CompletionResultType]::ParameterName, 'Client-side budget: at most N API requests in any 60-second window')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as one JSON document on stdout (errors too)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a needed answer becomes an error naming the flag to pass')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less on stderr (-qq: errors only)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less on stderr (-qq: errors only)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr (-vv: every HTTP exchange, secrets redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr (-vv: every HTTP exchange, secrets redacted)')
            [CompletionResult]::new('--sandbox', '--sandbox', [CompletionResultType]::ParameterName, 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vern;jobs;run' {
            [CompletionResult]::new('--scheduled-for', '--scheduled-for', [CompletionResultType]::ParameterName, 'Run (or continue) the run of this fire time (RFC 3339)')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Which stored credential to use')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Where the journal of operations lives')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('--rate-limit', '--rate-limit', [CompletionResultType]::ParameterName, 'Client-side budget: at most N API requests in any 60-second window')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out')
            [CompletionResult]::new('--new', '--new', [CompletionResultType]::ParameterName, 'Start over even if an unfinished manual run of the job exists')
            [CompletionResult]::new('--plan', '--plan', [CompletionResultType]::ParameterName, 'Print what the run would send (rows, new/changed/unchanged/removed, exact bytes, files or batches, requests) against the job''s maxRows, and send nothing (exit 8 when the cap would refuse it)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as one JSON document on stdout (errors too)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a needed answer becomes an error naming the flag to pass')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less on stderr (-qq: errors only)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less on stderr (-qq: errors only)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr (-vv: every HTTP exchange, secrets redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr (-vv: every HTTP exchange, secrets redacted)')
            [CompletionResult]::new('--sandbox', '--sandbox', [CompletionResultType]::ParameterName, 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vern;jobs;run-due' {
            [CompletionResult]::new('--job', '--job', [CompletionResultType]::ParameterName, 'Only this job (id or name; repeatable)')
            [CompletionResult]::new('--catch-up', '--catch-up', [CompletionResultType]::ParameterName, 'Override the jobs'' catch-up for this call: latest, all, none')
            [CompletionResult]::new('--deadline', '--deadline', [CompletionResultType]::ParameterName, 'Override the jobs'' deadline for this call (24h, 90m)')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Pretend it is this moment (RFC 3339, e.g. 2026-03-08T07:00:00Z): for tests and rehearsals')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Which stored credential to use')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Where the journal of operations lives')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('--rate-limit', '--rate-limit', [CompletionResultType]::ParameterName, 'Client-side budget: at most N API requests in any 60-second window')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as one JSON document on stdout (errors too)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a needed answer becomes an error naming the flag to pass')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less on stderr (-qq: errors only)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less on stderr (-qq: errors only)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr (-vv: every HTTP exchange, secrets redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr (-vv: every HTTP exchange, secrets redacted)')
            [CompletionResult]::new('--sandbox', '--sandbox', [CompletionResultType]::ParameterName, 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vern;jobs;serve' {
            [CompletionResult]::new('--listen', '--listen', [CompletionResultType]::ParameterName, 'Also serve the HTTP API here: PORT (loopback) or HOST:PORT')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Pretend it is this moment (RFC 3339, e.g. 2026-03-08T07:00:00Z): for tests and rehearsals')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Which stored credential to use')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Where the journal of operations lives')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('--rate-limit', '--rate-limit', [CompletionResultType]::ParameterName, 'Client-side budget: at most N API requests in any 60-second window')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as one JSON document on stdout (errors too)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a needed answer becomes an error naming the flag to pass')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less on stderr (-qq: errors only)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less on stderr (-qq: errors only)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr (-vv: every HTTP exchange, secrets redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr (-vv: every HTTP exchange, secrets redacted)')
            [CompletionResult]::new('--sandbox', '--sandbox', [CompletionResultType]::ParameterName, 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vern;jobs;schedule' {
            [CompletionResult]::new('--print', '--print', [CompletionResultType]::ParameterName, 'crontab, github-actions, kubernetes or systemd')
            [CompletionResult]::new('--vern', '--vern', [CompletionResultType]::ParameterName, 'The vern binary the wrapper runs (crontab, systemd) [default: this one]')
            [CompletionResult]::new('--image', '--image', [CompletionResultType]::ParameterName, 'The container image (kubernetes)')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Write the file(s) into this directory instead of printing them')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Which stored credential to use')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Where the journal of operations lives')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('--rate-limit', '--rate-limit', [CompletionResultType]::ParameterName, 'Client-side budget: at most N API requests in any 60-second window')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as one JSON document on stdout (errors too)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a needed answer becomes an error naming the flag to pass')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less on stderr (-qq: errors only)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less on stderr (-qq: errors only)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr (-vv: every HTTP exchange, secrets redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr (-vv: every HTTP exchange, secrets redacted)')
            [CompletionResult]::new('--sandbox', '--sandbox', [CompletionResultType]::ParameterName, 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vern;jobs;apply' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'The file (- for stdin)')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'The file (- for stdin)')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Pretend it is this moment (RFC 3339, e.g. 2026-03-08T07:00:00Z): for tests and rehearsals')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Which stored credential to use')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Where the journal of operations lives')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('--rate-limit', '--rate-limit', [CompletionResultType]::ParameterName, 'Client-side budget: at most N API requests in any 60-second window')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as one JSON document on stdout (errors too)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a needed answer becomes an error naming the flag to pass')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less on stderr (-qq: errors only)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less on stderr (-qq: errors only)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr (-vv: every HTTP exchange, secrets redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr (-vv: every HTTP exchange, secrets redacted)')
            [CompletionResult]::new('--sandbox', '--sandbox', [CompletionResultType]::ParameterName, 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vern;jobs;export' {
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Which stored credential to use')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Where the journal of operations lives')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('--rate-limit', '--rate-limit', [CompletionResultType]::ParameterName, 'Client-side budget: at most N API requests in any 60-second window')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as one JSON document on stdout (errors too)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a needed answer becomes an error naming the flag to pass')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less on stderr (-qq: errors only)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less on stderr (-qq: errors only)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr (-vv: every HTTP exchange, secrets redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr (-vv: every HTTP exchange, secrets redacted)')
            [CompletionResult]::new('--sandbox', '--sandbox', [CompletionResultType]::ParameterName, 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vern;jobs;help' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Save a job: a delivery on a cron schedule in a time zone')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Every job: destination, schedule, state, last run, next fire time')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'One job, its next five fire times and its last runs')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Change some fields of a job')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a job and its run history')
            [CompletionResult]::new('pause', 'pause', [CompletionResultType]::ParameterValue, 'Stop a job''s schedule')
            [CompletionResult]::new('resume', 'resume', [CompletionResultType]::ParameterValue, 'Restart a job''s schedule from now')
            [CompletionResult]::new('runs', 'runs', [CompletionResultType]::ParameterValue, 'A job''s run history, most recent first')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Run a job now')
            [CompletionResult]::new('run-due', 'run-due', [CompletionResultType]::ParameterValue, 'Run every active job whose fire time has come (for cron, CI, Kubernetes)')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'A foreground scheduler, with an optional HTTP API')
            [CompletionResult]::new('schedule', 'schedule', [CompletionResultType]::ParameterValue, 'Print a wrapper that calls run-due from crontab, GitHub, Kubernetes or systemd')
            [CompletionResult]::new('apply', 'apply', [CompletionResultType]::ParameterValue, 'Declare jobs from a JSON file (upsert by name)')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Print every job in the file format of `jobs apply`')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'vern;jobs;help;create' {
            break
        }
        'vern;jobs;help;list' {
            break
        }
        'vern;jobs;help;show' {
            break
        }
        'vern;jobs;help;update' {
            break
        }
        'vern;jobs;help;delete' {
            break
        }
        'vern;jobs;help;pause' {
            break
        }
        'vern;jobs;help;resume' {
            break
        }
        'vern;jobs;help;runs' {
            break
        }
        'vern;jobs;help;run' {
            break
        }
        'vern;jobs;help;run-due' {
            break
        }
        'vern;jobs;help;serve' {
            break
        }
        'vern;jobs;help;schedule' {
            break
        }
        'vern;jobs;help;apply' {
            break
        }
        'vern;jobs;help;export' {
            break
        }
        'vern;jobs;help;help' {
            break
        }
        'vern;runs' {
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Which stored credential to use')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Where the journal of operations lives')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('--rate-limit', '--rate-limit', [CompletionResultType]::ParameterName, 'Client-side budget: at most N API requests in any 60-second window')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as one JSON document on stdout (errors too)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a needed answer becomes an error naming the flag to pass')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less on stderr (-qq: errors only)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less on stderr (-qq: errors only)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr (-vv: every HTTP exchange, secrets redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr (-vv: every HTTP exchange, secrets redacted)')
            [CompletionResult]::new('--sandbox', '--sandbox', [CompletionResultType]::ParameterName, 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'The operations of the journal, newest first')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'One operation in full: steps, run ids, decisions, counts, outputs, errors')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'vern;runs;list' {
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'Show at most N operations')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Only operations with this status (repeatable, or comma-separated)')
            [CompletionResult]::new('--company', '--company', [CompletionResultType]::ParameterName, 'Only the operations of this company (its id, or the start of it)')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Only operations active (started, continued or ended) since TIME: RFC 3339 (2026-11-22T10:00:00Z, +02:00 offsets, or a date) or a duration back from now (24h, 7d)')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Which stored credential to use')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Where the journal of operations lives')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('--rate-limit', '--rate-limit', [CompletionResultType]::ParameterName, 'Client-side budget: at most N API requests in any 60-second window')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as one JSON document on stdout (errors too)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a needed answer becomes an error naming the flag to pass')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less on stderr (-qq: errors only)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less on stderr (-qq: errors only)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr (-vv: every HTTP exchange, secrets redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr (-vv: every HTTP exchange, secrets redacted)')
            [CompletionResult]::new('--sandbox', '--sandbox', [CompletionResultType]::ParameterName, 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vern;runs;show' {
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Which stored credential to use')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Where the journal of operations lives')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('--rate-limit', '--rate-limit', [CompletionResultType]::ParameterName, 'Client-side budget: at most N API requests in any 60-second window')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as one JSON document on stdout (errors too)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a needed answer becomes an error naming the flag to pass')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less on stderr (-qq: errors only)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less on stderr (-qq: errors only)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr (-vv: every HTTP exchange, secrets redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr (-vv: every HTTP exchange, secrets redacted)')
            [CompletionResult]::new('--sandbox', '--sandbox', [CompletionResultType]::ParameterName, 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vern;runs;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'The operations of the journal, newest first')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'One operation in full: steps, run ids, decisions, counts, outputs, errors')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'vern;runs;help;list' {
            break
        }
        'vern;runs;help;show' {
            break
        }
        'vern;runs;help;help' {
            break
        }
        'vern;resume' {
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Which stored credential to use')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Where the journal of operations lives')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('--rate-limit', '--rate-limit', [CompletionResultType]::ParameterName, 'Client-side budget: at most N API requests in any 60-second window')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as one JSON document on stdout (errors too)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a needed answer becomes an error naming the flag to pass')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less on stderr (-qq: errors only)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less on stderr (-qq: errors only)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr (-vv: every HTTP exchange, secrets redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr (-vv: every HTTP exchange, secrets redacted)')
            [CompletionResult]::new('--sandbox', '--sandbox', [CompletionResultType]::ParameterName, 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vern;sandbox' {
            [CompletionResult]::new('--addr', '--addr', [CompletionResultType]::ParameterName, 'Address of the API listener')
            [CompletionResult]::new('--storage-addr', '--storage-addr', [CompletionResultType]::ParameterName, 'Address of the storage listener for signed uploads (default: the next port)')
            [CompletionResult]::new('--seed', '--seed', [CompletionResultType]::ParameterName, 'Load sources, templates, destination and writer from FILE (format: examples/seed.json)')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Accept this API key (repeatable; default: the seed''s keys)')
            [CompletionResult]::new('--queue-time', '--queue-time', [CompletionResultType]::ParameterName, 'How long a run stays queued (sandbox time)')
            [CompletionResult]::new('--run-time', '--run-time', [CompletionResultType]::ParameterName, 'How long a run stays running (sandbox time)')
            [CompletionResult]::new('--time-scale', '--time-scale', [CompletionResultType]::ParameterName, 'Sandbox seconds per real second (10 = runs finish ten times faster)')
            [CompletionResult]::new('--error-rate', '--error-rate', [CompletionResultType]::ParameterName, 'Share of requests answered with a 5xx (500/503 JSON, or a proxy''s HTML 502)')
            [CompletionResult]::new('--burst-429-rate', '--burst-429-rate', [CompletionResultType]::ParameterName, 'Chance that a request starts a burst of 429s')
            [CompletionResult]::new('--burst-len', '--burst-len', [CompletionResultType]::ParameterName, 'Length of each 429 burst')
            [CompletionResult]::new('--reset-rate', '--reset-rate', [CompletionResultType]::ParameterName, 'Share of connections reset before the request is processed')
            [CompletionResult]::new('--lost-response-rate', '--lost-response-rate', [CompletionResultType]::ParameterName, 'Share of POST/PUT/PATCH processed, then answered by a dropped connection')
            [CompletionResult]::new('--latency', '--latency', [CompletionResultType]::ParameterName, 'Delay added to every request')
            [CompletionResult]::new('--latency-jitter', '--latency-jitter', [CompletionResultType]::ParameterName, 'Random extra delay, up to this much')
            [CompletionResult]::new('--fault-seed', '--fault-seed', [CompletionResultType]::ParameterName, 'Seed of the fault sequence (the same seed and request order give the same faults)')
            [CompletionResult]::new('--server-rate-limit', '--server-rate-limit', [CompletionResultType]::ParameterName, 'Requests per key per route per minute before 429 (0: no limit)')
            [CompletionResult]::new('--scenario', '--scenario', [CompletionResultType]::ParameterName, 'Force a scenario for every import: blocked (asks a question first) or fail')
            [CompletionResult]::new('--upload-ttl', '--upload-ttl', [CompletionResultType]::ParameterName, 'Lifetime of a signed upload URL')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Which stored credential to use')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Where the journal of operations lives')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('--rate-limit', '--rate-limit', [CompletionResultType]::ParameterName, 'Client-side budget: at most N API requests in any 60-second window')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out')
            [CompletionResult]::new('--destination-down', '--destination-down', [CompletionResultType]::ParameterName, 'The destination refuses connections: exports fail at job level')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as one JSON document on stdout (errors too)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a needed answer becomes an error naming the flag to pass')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less on stderr (-qq: errors only)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less on stderr (-qq: errors only)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr (-vv: every HTTP exchange, secrets redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr (-vv: every HTTP exchange, secrets redacted)')
            [CompletionResult]::new('--sandbox', '--sandbox', [CompletionResultType]::ParameterName, 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vern;completions' {
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Which stored credential to use')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Where the journal of operations lives')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('--rate-limit', '--rate-limit', [CompletionResultType]::ParameterName, 'Client-side budget: at most N API requests in any 60-second window')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as one JSON document on stdout (errors too)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a needed answer becomes an error naming the flag to pass')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less on stderr (-qq: errors only)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less on stderr (-qq: errors only)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr (-vv: every HTTP exchange, secrets redacted)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr (-vv: every HTTP exchange, secrets redacted)')
            [CompletionResult]::new('--sandbox', '--sandbox', [CompletionResultType]::ParameterName, 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vern;help' {
            [CompletionResult]::new('auth', 'auth', [CompletionResultType]::ParameterValue, 'Store, check and remove the API key of a profile')
            [CompletionResult]::new('sources', 'sources', [CompletionResultType]::ParameterValue, 'List the sources of the account')
            [CompletionResult]::new('templates', 'templates', [CompletionResultType]::ParameterValue, 'List the templates of the account')
            [CompletionResult]::new('company', 'company', [CompletionResultType]::ParameterValue, 'Provision a company, or show what vern knows about one')
            [CompletionResult]::new('upload', 'upload', [CompletionResultType]::ParameterValue, 'Upload files through signed URLs and print their upload refs')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Start an import run (uploading files first) and wait for it')
            [CompletionResult]::new('poll', 'poll', [CompletionResultType]::ParameterValue, 'Wait for a run until it is terminal or needs a decision')
            [CompletionResult]::new('approve', 'approve', [CompletionResultType]::ParameterValue, 'Decide on a run that needs attention, or answer a blocked run')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Push validated rows to the destination and report every write')
            [CompletionResult]::new('download', 'download', [CompletionResultType]::ParameterValue, 'Stream a sheet''s validated CSV to a file or stdout')
            [CompletionResult]::new('migrate', 'migrate', [CompletionResultType]::ParameterValue, 'Run a whole migration as one resumable operation')
            [CompletionResult]::new('deliver', 'deliver', [CompletionResultType]::ParameterValue, 'Relay the validated rows to a directory, S3 or Azure Blob as csv/json/jsonl/xml, exactly once')
            [CompletionResult]::new('jobs', 'jobs', [CompletionResultType]::ParameterValue, 'Saved deliveries on a cron schedule, with a run history')
            [CompletionResult]::new('runs', 'runs', [CompletionResultType]::ParameterValue, 'The journal: every operation with its steps, runs, counts and errors')
            [CompletionResult]::new('resume', 'resume', [CompletionResultType]::ParameterValue, 'Continue an interrupted operation (the latest one without ID)')
            [CompletionResult]::new('sandbox', 'sandbox', [CompletionResultType]::ParameterValue, 'Run a local simulator of the Migration API until interrupted')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'vern;help;auth' {
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Store the API key of a profile in the OS keyring (after checking it with the API)')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Check the key: where it and the API URL come from, and whether the API accepts it')
            [CompletionResult]::new('logout', 'logout', [CompletionResultType]::ParameterValue, 'Remove the stored key of a profile (keyring and credentials file) and its API URL')
            break
        }
        'vern;help;auth;login' {
            break
        }
        'vern;help;auth;status' {
            break
        }
        'vern;help;auth;logout' {
            break
        }
        'vern;help;sources' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the sources of the account (pass an id to `company create --source`)')
            break
        }
        'vern;help;sources;list' {
            break
        }
        'vern;help;templates' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the templates of the account with their columns and rules')
            break
        }
        'vern;help;templates;list' {
            break
        }
        'vern;help;company' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Provision a company: its workbook gets one sheet per template')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'What vern knows about a company: its sheets with ids and row counts')
            break
        }
        'vern;help;company;create' {
            break
        }
        'vern;help;company;show' {
            break
        }
        'vern;help;upload' {
            break
        }
        'vern;help;import' {
            break
        }
        'vern;help;poll' {
            break
        }
        'vern;help;approve' {
            break
        }
        'vern;help;export' {
            break
        }
        'vern;help;download' {
            break
        }
        'vern;help;migrate' {
            break
        }
        'vern;help;deliver' {
            break
        }
        'vern;help;jobs' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Save a job: a delivery on a cron schedule in a time zone')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Every job: destination, schedule, state, last run, next fire time')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'One job, its next five fire times and its last runs')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Change some fields of a job')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a job and its run history')
            [CompletionResult]::new('pause', 'pause', [CompletionResultType]::ParameterValue, 'Stop a job''s schedule')
            [CompletionResult]::new('resume', 'resume', [CompletionResultType]::ParameterValue, 'Restart a job''s schedule from now')
            [CompletionResult]::new('runs', 'runs', [CompletionResultType]::ParameterValue, 'A job''s run history, most recent first')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Run a job now')
            [CompletionResult]::new('run-due', 'run-due', [CompletionResultType]::ParameterValue, 'Run every active job whose fire time has come (for cron, CI, Kubernetes)')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'A foreground scheduler, with an optional HTTP API')
            [CompletionResult]::new('schedule', 'schedule', [CompletionResultType]::ParameterValue, 'Print a wrapper that calls run-due from crontab, GitHub, Kubernetes or systemd')
            [CompletionResult]::new('apply', 'apply', [CompletionResultType]::ParameterValue, 'Declare jobs from a JSON file (upsert by name)')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Print every job in the file format of `jobs apply`')
            break
        }
        'vern;help;jobs;create' {
            break
        }
        'vern;help;jobs;list' {
            break
        }
        'vern;help;jobs;show' {
            break
        }
        'vern;help;jobs;update' {
            break
        }
        'vern;help;jobs;delete' {
            break
        }
        'vern;help;jobs;pause' {
            break
        }
        'vern;help;jobs;resume' {
            break
        }
        'vern;help;jobs;runs' {
            break
        }
        'vern;help;jobs;run' {
            break
        }
        'vern;help;jobs;run-due' {
            break
        }
        'vern;help;jobs;serve' {
            break
        }
        'vern;help;jobs;schedule' {
            break
        }
        'vern;help;jobs;apply' {
            break
        }
        'vern;help;jobs;export' {
            break
        }
        'vern;help;runs' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'The operations of the journal, newest first')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'One operation in full: steps, run ids, decisions, counts, outputs, errors')
            break
        }
        'vern;help;runs;list' {
            break
        }
        'vern;help;runs;show' {
            break
        }
        'vern;help;resume' {
            break
        }
        'vern;help;sandbox' {
            break
        }
        'vern;help;completions' {
            break
        }
        'vern;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
