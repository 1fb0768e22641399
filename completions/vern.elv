
use builtin;
use str;

set edit:completion:arg-completer[vern] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'vern'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'vern'= {
            cand --api-url 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so'
            cand --profile 'Which stored credential to use'
            cand --state-dir 'Where the journal of operations lives'
            cand --color 'When to use colour on stderr'
            cand --rate-limit 'Client-side budget: at most N API requests in any 60-second window'
            cand --timeout 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out'
            cand --json 'Print the result as one JSON document on stdout (errors too)'
            cand --no-input 'Never prompt; a needed answer becomes an error naming the flag to pass'
            cand -q 'Less on stderr (-qq: errors only)'
            cand --quiet 'Less on stderr (-qq: errors only)'
            cand -v 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
            cand --verbose 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
            cand --sandbox 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand auth 'Store, check and remove the API key of a profile'
            cand sources 'List the sources of the account'
            cand templates 'List the templates of the account'
            cand company 'Provision a company, or show what vern knows about one'
            cand upload 'Upload files through signed URLs and print their upload refs'
            cand import 'Start an import run (uploading files first) and wait for it'
            cand poll 'Wait for a run until it is terminal or needs a decision'
            cand wait 'Wait for a run until it is terminal or needs a decision'
            cand approve 'Decide on a run that needs attention, or answer a blocked run'
            cand export 'Push validated rows to the destination and report every write'
            cand download 'Stream a sheet''s validated CSV to a file or stdout'
            cand migrate 'Run a whole migration as one resumable operation'
            cand deliver 'Relay the validated rows to a directory, S3 or Azure Blob as csv/json/jsonl/xml, exactly once'
            cand jobs 'Saved deliveries on a cron schedule, with a run history'
            cand runs 'The journal: every operation with its steps, runs, counts and errors'
            cand resume 'Continue an interrupted operation (the latest one without ID)'
            cand sandbox 'Run a local simulator of the Migration API until interrupted'
            cand completions 'Print a shell completion script'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'vern;auth'= {
            cand --api-url 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so'
            cand --profile 'Which stored credential to use'
            cand --state-dir 'Where the journal of operations lives'
            cand --color 'When to use colour on stderr'
            cand --rate-limit 'Client-side budget: at most N API requests in any 60-second window'
            cand --timeout 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out'
            cand --json 'Print the result as one JSON document on stdout (errors too)'
            cand --no-input 'Never prompt; a needed answer becomes an error naming the flag to pass'
            cand -q 'Less on stderr (-qq: errors only)'
            cand --quiet 'Less on stderr (-qq: errors only)'
            cand -v 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
            cand --verbose 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
            cand --sandbox 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand login 'Store the API key of a profile in the OS keyring (after checking it with the API)'
            cand status 'Check the key: where it and the API URL come from, and whether the API accepts it'
            cand logout 'Remove the stored key of a profile (keyring and credentials file) and its API URL'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'vern;auth;login'= {
            cand --webhook-secret 'Store a webhook signing secret under NAME instead of an API key'
            cand --api-url 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so'
            cand --profile 'Which stored credential to use'
            cand --state-dir 'Where the journal of operations lives'
            cand --color 'When to use colour on stderr'
            cand --rate-limit 'Client-side budget: at most N API requests in any 60-second window'
            cand --timeout 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out'
            cand --with-key-stdin 'Read the key (or the secret) from stdin instead of prompting (for automation)'
            cand --json 'Print the result as one JSON document on stdout (errors too)'
            cand --no-input 'Never prompt; a needed answer becomes an error naming the flag to pass'
            cand -q 'Less on stderr (-qq: errors only)'
            cand --quiet 'Less on stderr (-qq: errors only)'
            cand -v 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
            cand --verbose 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
            cand --sandbox 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vern;auth;status'= {
            cand --api-url 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so'
            cand --profile 'Which stored credential to use'
            cand --state-dir 'Where the journal of operations lives'
            cand --color 'When to use colour on stderr'
            cand --rate-limit 'Client-side budget: at most N API requests in any 60-second window'
            cand --timeout 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out'
            cand --json 'Print the result as one JSON document on stdout (errors too)'
            cand --no-input 'Never prompt; a needed answer becomes an error naming the flag to pass'
            cand -q 'Less on stderr (-qq: errors only)'
            cand --quiet 'Less on stderr (-qq: errors only)'
            cand -v 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
            cand --verbose 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
            cand --sandbox 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vern;auth;logout'= {
            cand --webhook-secret 'Remove the webhook signing secret stored under NAME instead of the API key'
            cand --api-url 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so'
            cand --profile 'Which stored credential to use'
            cand --state-dir 'Where the journal of operations lives'
            cand --color 'When to use colour on stderr'
            cand --rate-limit 'Client-side budget: at most N API requests in any 60-second window'
            cand --timeout 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out'
            cand --json 'Print the result as one JSON document on stdout (errors too)'
            cand --no-input 'Never prompt; a needed answer becomes an error naming the flag to pass'
            cand -q 'Less on stderr (-qq: errors only)'
            cand --quiet 'Less on stderr (-qq: errors only)'
            cand -v 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
            cand --verbose 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
            cand --sandbox 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vern;auth;help'= {
            cand login 'Store the API key of a profile in the OS keyring (after checking it with the API)'
            cand status 'Check the key: where it and the API URL come from, and whether the API accepts it'
            cand logout 'Remove the stored key of a profile (keyring and credentials file) and its API URL'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'vern;auth;help;login'= {
        }
        &'vern;auth;help;status'= {
        }
        &'vern;auth;help;logout'= {
        }
        &'vern;auth;help;help'= {
        }
        &'vern;sources'= {
            cand --api-url 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so'
            cand --profile 'Which stored credential to use'
            cand --state-dir 'Where the journal of operations lives'
            cand --color 'When to use colour on stderr'
            cand --rate-limit 'Client-side budget: at most N API requests in any 60-second window'
            cand --timeout 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out'
            cand --json 'Print the result as one JSON document on stdout (errors too)'
            cand --no-input 'Never prompt; a needed answer becomes an error naming the flag to pass'
            cand -q 'Less on stderr (-qq: errors only)'
            cand --quiet 'Less on stderr (-qq: errors only)'
            cand -v 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
            cand --verbose 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
            cand --sandbox 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'List the sources of the account (pass an id to `company create --source`)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'vern;sources;list'= {
            cand --api-url 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so'
            cand --profile 'Which stored credential to use'
            cand --state-dir 'Where the journal of operations lives'
            cand --color 'When to use colour on stderr'
            cand --rate-limit 'Client-side budget: at most N API requests in any 60-second window'
            cand --timeout 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out'
            cand --json 'Print the result as one JSON document on stdout (errors too)'
            cand --no-input 'Never prompt; a needed answer becomes an error naming the flag to pass'
            cand -q 'Less on stderr (-qq: errors only)'
            cand --quiet 'Less on stderr (-qq: errors only)'
            cand -v 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
            cand --verbose 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
            cand --sandbox 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vern;sources;help'= {
            cand list 'List the sources of the account (pass an id to `company create --source`)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'vern;sources;help;list'= {
        }
        &'vern;sources;help;help'= {
        }
        &'vern;templates'= {
            cand --api-url 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so'
            cand --profile 'Which stored credential to use'
            cand --state-dir 'Where the journal of operations lives'
            cand --color 'When to use colour on stderr'
            cand --rate-limit 'Client-side budget: at most N API requests in any 60-second window'
            cand --timeout 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out'
            cand --json 'Print the result as one JSON document on stdout (errors too)'
            cand --no-input 'Never prompt; a needed answer becomes an error naming the flag to pass'
            cand -q 'Less on stderr (-qq: errors only)'
            cand --quiet 'Less on stderr (-qq: errors only)'
            cand -v 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
            cand --verbose 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
            cand --sandbox 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'List the templates of the account with their columns and rules'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'vern;templates;list'= {
            cand --api-url 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so'
            cand --profile 'Which stored credential to use'
            cand --state-dir 'Where the journal of operations lives'
            cand --color 'When to use colour on stderr'
            cand --rate-limit 'Client-side budget: at most N API requests in any 60-second window'
            cand --timeout 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out'
            cand --json 'Print the result as one JSON document on stdout (errors too)'
            cand --no-input 'Never prompt; a needed answer becomes an error naming the flag to pass'
            cand -q 'Less on stderr (-qq: errors only)'
            cand --quiet 'Less on stderr (-qq: errors only)'
            cand -v 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
            cand --verbose 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
            cand --sandbox 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vern;templates;help'= {
            cand list 'List the templates of the account with their columns and rules'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'vern;templates;help;list'= {
        }
        &'vern;templates;help;help'= {
        }
        &'vern;company'= {
            cand --api-url 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so'
            cand --profile 'Which stored credential to use'
            cand --state-dir 'Where the journal of operations lives'
            cand --color 'When to use colour on stderr'
            cand --rate-limit 'Client-side budget: at most N API requests in any 60-second window'
            cand --timeout 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out'
            cand --json 'Print the result as one JSON document on stdout (errors too)'
            cand --no-input 'Never prompt; a needed answer becomes an error naming the flag to pass'
            cand -q 'Less on stderr (-qq: errors only)'
            cand --quiet 'Less on stderr (-qq: errors only)'
            cand -v 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
            cand --verbose 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
            cand --sandbox 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand create 'Provision a company: its workbook gets one sheet per template'
            cand show 'What vern knows about a company: its sheets with ids and row counts'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'vern;company;create'= {
            cand --name 'Display name (usually the customer''s organisation)'
            cand --source 'Source id (see `vern sources list`)'
            cand --external-id 'Your id for the customer: letters, digits, - and _, at most 255; unique in the account'
            cand --template 'Template to include (repeatable; default: every template)'
            cand --connection 'JSON file with the destination connection: {"destination": {"base_url": …, "auth": {…}}}'
            cand --api-url 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so'
            cand --profile 'Which stored credential to use'
            cand --state-dir 'Where the journal of operations lives'
            cand --color 'When to use colour on stderr'
            cand --rate-limit 'Client-side budget: at most N API requests in any 60-second window'
            cand --timeout 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out'
            cand --json 'Print the result as one JSON document on stdout (errors too)'
            cand --no-input 'Never prompt; a needed answer becomes an error naming the flag to pass'
            cand -q 'Less on stderr (-qq: errors only)'
            cand --quiet 'Less on stderr (-qq: errors only)'
            cand -v 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
            cand --verbose 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
            cand --sandbox 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vern;company;show'= {
            cand --api-url 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so'
            cand --profile 'Which stored credential to use'
            cand --state-dir 'Where the journal of operations lives'
            cand --color 'When to use colour on stderr'
            cand --rate-limit 'Client-side budget: at most N API requests in any 60-second window'
            cand --timeout 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out'
            cand --json 'Print the result as one JSON document on stdout (errors too)'
            cand --no-input 'Never prompt; a needed answer becomes an error naming the flag to pass'
            cand -q 'Less on stderr (-qq: errors only)'
            cand --quiet 'Less on stderr (-qq: errors only)'
            cand -v 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
            cand --verbose 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
            cand --sandbox 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vern;company;help'= {
            cand create 'Provision a company: its workbook gets one sheet per template'
            cand show 'What vern knows about a company: its sheets with ids and row counts'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'vern;company;help;create'= {
        }
        &'vern;company;help;show'= {
        }
        &'vern;company;help;help'= {
        }
        &'vern;upload'= {
            cand --company 'Company id'
            cand --api-url 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so'
            cand --profile 'Which stored credential to use'
            cand --state-dir 'Where the journal of operations lives'
            cand --color 'When to use colour on stderr'
            cand --rate-limit 'Client-side budget: at most N API requests in any 60-second window'
            cand --timeout 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out'
            cand --new 'Upload again even if an unfinished upload of these files is in the journal'
            cand --json 'Print the result as one JSON document on stdout (errors too)'
            cand --no-input 'Never prompt; a needed answer becomes an error naming the flag to pass'
            cand -q 'Less on stderr (-qq: errors only)'
            cand --quiet 'Less on stderr (-qq: errors only)'
            cand -v 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
            cand --verbose 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
            cand --sandbox 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vern;import'= {
            cand --company 'Company id'
            cand --upload-ref 'Import an earlier upload (repeatable); NAME defaults to the ref''s last segment'
            cand --rows 'Inline rows: a JSON array of objects, from FILE or - (stdin)'
            cand --idempotency-key 'Idempotency key for the run (default: a generated one, kept in the journal)'
            cand --api-url 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so'
            cand --profile 'Which stored credential to use'
            cand --state-dir 'Where the journal of operations lives'
            cand --color 'When to use colour on stderr'
            cand --rate-limit 'Client-side budget: at most N API requests in any 60-second window'
            cand --timeout 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out'
            cand --no-wait 'Return once the run is started instead of waiting for it'
            cand --new 'Start a new operation even if an unfinished one matches this command'
            cand --json 'Print the result as one JSON document on stdout (errors too)'
            cand --no-input 'Never prompt; a needed answer becomes an error naming the flag to pass'
            cand -q 'Less on stderr (-qq: errors only)'
            cand --quiet 'Less on stderr (-qq: errors only)'
            cand -v 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
            cand --verbose 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
            cand --sandbox 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vern;poll'= {
            cand --company 'Company id'
            cand --api-url 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so'
            cand --profile 'Which stored credential to use'
            cand --state-dir 'Where the journal of operations lives'
            cand --color 'When to use colour on stderr'
            cand --rate-limit 'Client-side budget: at most N API requests in any 60-second window'
            cand --timeout 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out'
            cand --active 'Wait for the company''s import in flight, whatever its id'
            cand --export 'The run is an export run'
            cand --json 'Print the result as one JSON document on stdout (errors too)'
            cand --no-input 'Never prompt; a needed answer becomes an error naming the flag to pass'
            cand -q 'Less on stderr (-qq: errors only)'
            cand --quiet 'Less on stderr (-qq: errors only)'
            cand -v 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
            cand --verbose 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
            cand --sandbox 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vern;wait'= {
            cand --company 'Company id'
            cand --api-url 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so'
            cand --profile 'Which stored credential to use'
            cand --state-dir 'Where the journal of operations lives'
            cand --color 'When to use colour on stderr'
            cand --rate-limit 'Client-side budget: at most N API requests in any 60-second window'
            cand --timeout 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out'
            cand --active 'Wait for the company''s import in flight, whatever its id'
            cand --export 'The run is an export run'
            cand --json 'Print the result as one JSON document on stdout (errors too)'
            cand --no-input 'Never prompt; a needed answer becomes an error naming the flag to pass'
            cand -q 'Less on stderr (-qq: errors only)'
            cand --quiet 'Less on stderr (-qq: errors only)'
            cand -v 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
            cand --verbose 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
            cand --sandbox 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vern;approve'= {
            cand --company 'Company id'
            cand --answer 'Answer a question (repeatable): QID=VALUE'
            cand --message 'A free-form instruction for a blocked (or running) run'
            cand --expect-patch 'Refuse unless the proposal''s patch hash is still HASH'
            cand --note 'Why: recorded with the decision in the journal (`vern runs show` prints it)'
            cand --api-url 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so'
            cand --profile 'Which stored credential to use'
            cand --state-dir 'Where the journal of operations lives'
            cand --color 'When to use colour on stderr'
            cand --rate-limit 'Client-side budget: at most N API requests in any 60-second window'
            cand --timeout 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out'
            cand --accept 'Apply the proposed fix as shown'
            cand --reject 'Decline any fix; flagged rows stay flagged and out of the valid export'
            cand --no-wait 'Return once the decision is sent instead of waiting for the run'
            cand --json 'Print the result as one JSON document on stdout (errors too)'
            cand --no-input 'Never prompt; a needed answer becomes an error naming the flag to pass'
            cand -q 'Less on stderr (-qq: errors only)'
            cand --quiet 'Less on stderr (-qq: errors only)'
            cand -v 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
            cand --verbose 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
            cand --sandbox 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vern;export'= {
            cand --company 'Company id'
            cand --mode 'canary (first row of each template) or full'
            cand --template 'Only this template (repeatable)'
            cand --row-filter 'Only rows matching this JSON object: {"Column": "value" or ["values"]}'
            cand --report 'Write every result row to FILE'
            cand --report-format 'The report''s format (default: jsonl for a .jsonl/.ndjson/.json name, else csv)'
            cand --idempotency-key 'Idempotency key for the run (default: a generated one)'
            cand --max-rows 'Refuse a run that would write more than N rows (exit 8, nothing sent)'
            cand --api-url 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so'
            cand --profile 'Which stored credential to use'
            cand --state-dir 'Where the journal of operations lives'
            cand --color 'When to use colour on stderr'
            cand --rate-limit 'Client-side budget: at most N API requests in any 60-second window'
            cand --timeout 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out'
            cand --allow-failures 'Exit 0 even when writes failed or came back hollow'
            cand --new 'Start a new operation even if an unfinished one matches this command'
            cand -y 'Export again even though a full export already ran for this company'
            cand --yes 'Export again even though a full export already ran for this company'
            cand --plan 'Print how many rows the run would write (per template, from the last completed import vern knows) and send nothing'
            cand --json 'Print the result as one JSON document on stdout (errors too)'
            cand --no-input 'Never prompt; a needed answer becomes an error naming the flag to pass'
            cand -q 'Less on stderr (-qq: errors only)'
            cand --quiet 'Less on stderr (-qq: errors only)'
            cand -v 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
            cand --verbose 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
            cand --sandbox 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vern;download'= {
            cand --company 'Company id'
            cand --sheet 'Sheet id, or its name as the workbook names it (Contacts; case does not matter), looked up in what vern knows about the company (see `vern company show`)'
            cand --filter 'valid (clean rows only) or all'
            cand -o 'Output file, directory, or - for stdout (default: the server''s file name, here)'
            cand --output 'Output file, directory, or - for stdout (default: the server''s file name, here)'
            cand --api-url 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so'
            cand --profile 'Which stored credential to use'
            cand --state-dir 'Where the journal of operations lives'
            cand --color 'When to use colour on stderr'
            cand --rate-limit 'Client-side budget: at most N API requests in any 60-second window'
            cand --timeout 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out'
            cand --force 'Replace an existing file of the name the server suggests (without -o, or with -o DIR)'
            cand --json 'Print the result as one JSON document on stdout (errors too)'
            cand --no-input 'Never prompt; a needed answer becomes an error naming the flag to pass'
            cand -q 'Less on stderr (-qq: errors only)'
            cand --quiet 'Less on stderr (-qq: errors only)'
            cand -v 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
            cand --verbose 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
            cand --sandbox 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vern;migrate'= {
            cand --manifest 'Run many migrations: one company per row of FILE (CSV with a header, or JSON lines)'
            cand --concurrency 'Migrations run at once in fleet mode, sharing the one rate budget'
            cand --shard 'Take shard I of N of the manifest (every N-th row from the I-th), to split a fleet across jobs'
            cand --company 'An existing company'
            cand --name 'Provision a company with this name first'
            cand --source 'Source of the company to provision (default with --sandbox: the seeded HubSpot source)'
            cand --external-id 'External id of the company to provision (default: one derived from the operation id)'
            cand --template 'Template of the company to provision (repeatable; default: all)'
            cand --connection 'Destination connection of the company to provision (JSON file)'
            cand --approve 'What to do when the import needs attention'
            cand --export 'How far to export: none, canary, or full (canary first unless --no-canary)'
            cand --download 'Download the valid CSV of every sheet into DIR as <sheet>.csv (never over an input file)'
            cand --deliver 'Deliver the valid rows of every sheet to DEST, as `vern deliver` does (last)'
            cand --format 'The delivered files'' format: csv, json, jsonl or xml (with --deliver)'
            cand --deliver-name 'The delivered files'' names, as `vern deliver --name` (with --deliver; --name names the company)'
            cand --api-url 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so'
            cand --profile 'Which stored credential to use'
            cand --state-dir 'Where the journal of operations lives'
            cand --color 'When to use colour on stderr'
            cand --rate-limit 'Client-side budget: at most N API requests in any 60-second window'
            cand --timeout 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out'
            cand --no-canary 'Skip the canary before a full export (and its gate)'
            cand --gzip 'Compress each delivered file with gzip (with --deliver)'
            cand --allow-failures 'Exit 0 even when export writes failed or came back hollow'
            cand --new 'Start a new operation even if an unfinished one matches this command'
            cand --plan 'Print the steps the migration would still run, with what can be known before the data exists, and send nothing'
            cand --json 'Print the result as one JSON document on stdout (errors too)'
            cand --no-input 'Never prompt; a needed answer becomes an error naming the flag to pass'
            cand -q 'Less on stderr (-qq: errors only)'
            cand --quiet 'Less on stderr (-qq: errors only)'
            cand -v 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
            cand --verbose 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
            cand --sandbox 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vern;deliver'= {
            cand --company 'Company id'
            cand --to 'Where: DIR, file:///abs/dir, s3://BUCKET/PREFIX, az://CONTAINER/PREFIX, sftp://USER@HOST[:PORT]/PATH, https://HOST/PATH (a webhook)'
            cand --sheet 'Only this sheet, by id or name (repeatable; default: every sheet vern knows)'
            cand --filter 'valid (clean rows only) or all'
            cand --format 'csv, json, jsonl or xml'
            cand --name 'File names: {company} {external_id} {sheet} {sheet_id} {date} {time} {run} {ext}'
            cand --if-exists 'What a name that already exists means: fail (exit 7, nothing written), skip, overwrite'
            cand --mode 'snapshot (every row) or delta (only rows new or changed since the last delivery there)'
            cand --key 'The column that identifies a row in delta mode (repeatable; default: the template''s unique columns)'
            cand --batch-size 'Webhooks: rows per batch, 1 to 10,000 (default 1,000)'
            cand --webhook-secret 'Webhooks: sign with the secret stored as NAME (vern auth login --webhook-secret NAME) instead of VERN_WEBHOOK_SECRET'
            cand --plan-out 'Save the plan to FILE (implies --plan), for --apply'
            cand --apply 'Run exactly the plan saved in FILE; refused (exit 8) when the rows or the ledger changed'
            cand --max-rows 'Refuse a run that would send more than N rows (exit 8, nothing sent)'
            cand --cap-behavior 'Over --max-rows: refuse the run, or (delta) send the first N rows in key order'
            cand --ssh-key 'Log in with this private key file (also VERN_SSH_KEY; default: the SSH agent). A passphrase comes from VERN_SSH_KEY_PASSPHRASE, or is asked on a terminal'
            cand --known-hosts 'Check the server''s host key against this file (default: ~/.ssh/known_hosts and /etc/ssh/ssh_known_hosts)'
            cand --api-url 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so'
            cand --profile 'Which stored credential to use'
            cand --state-dir 'Where the journal of operations lives'
            cand --color 'When to use colour on stderr'
            cand --rate-limit 'Client-side budget: at most N API requests in any 60-second window'
            cand --timeout 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out'
            cand --gzip 'Compress each file with gzip (adds .gz)'
            cand --no-manifest 'Do not write the manifest'
            cand --allow-failures 'Exit 0 even when characters XML forbids were dropped or webhook batches were refused'
            cand --new 'Deliver again even though this command already completed'
            cand --plan 'Print what the run would send (rows, new/changed/unchanged/removed, exact bytes, files or webhook batches, requests) and send nothing; a webhook plan needs no signing secret'
            cand --accept-new-host-key 'Record the host key of a server the known_hosts file does not list yet, like OpenSSH''s StrictHostKeyChecking=accept-new (a changed key is always refused)'
            cand --json 'Print the result as one JSON document on stdout (errors too)'
            cand --no-input 'Never prompt; a needed answer becomes an error naming the flag to pass'
            cand -q 'Less on stderr (-qq: errors only)'
            cand --quiet 'Less on stderr (-qq: errors only)'
            cand -v 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
            cand --verbose 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
            cand --sandbox 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vern;jobs'= {
            cand --api-url 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so'
            cand --profile 'Which stored credential to use'
            cand --state-dir 'Where the journal of operations lives'
            cand --color 'When to use colour on stderr'
            cand --rate-limit 'Client-side budget: at most N API requests in any 60-second window'
            cand --timeout 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out'
            cand --json 'Print the result as one JSON document on stdout (errors too)'
            cand --no-input 'Never prompt; a needed answer becomes an error naming the flag to pass'
            cand -q 'Less on stderr (-qq: errors only)'
            cand --quiet 'Less on stderr (-qq: errors only)'
            cand -v 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
            cand --verbose 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
            cand --sandbox 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand create 'Save a job: a delivery on a cron schedule in a time zone'
            cand list 'Every job: destination, schedule, state, last run, next fire time'
            cand show 'One job, its next five fire times and its last runs'
            cand update 'Change some fields of a job'
            cand delete 'Delete a job and its run history'
            cand pause 'Stop a job''s schedule'
            cand resume 'Restart a job''s schedule from now'
            cand runs 'A job''s run history, most recent first'
            cand run 'Run a job now'
            cand run-due 'Run every active job whose fire time has come (for cron, CI, Kubernetes)'
            cand serve 'A foreground scheduler, with an optional HTTP API'
            cand schedule 'Print a wrapper that calls run-due from crontab, GitHub, Kubernetes or systemd'
            cand apply 'Declare jobs from a JSON file (upsert by name)'
            cand export 'Print every job in the file format of `jobs apply`'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'vern;jobs;create'= {
            cand --company 'Company id'
            cand --to 'Where: DIR, file:///abs/dir, s3://BUCKET/PREFIX, az://CONTAINER/PREFIX'
            cand --schedule 'When: 5-field cron (minute hour day-of-month month day-of-week) or @hourly/@daily/@weekly/@monthly'
            cand --tz 'The schedule''s IANA time zone (Europe/Berlin, America/New_York) [default: UTC]'
            cand --description 'What the job is for'
            cand --sheet 'Only this sheet, by id or name (repeatable; default: every sheet vern knows at run time)'
            cand --filter 'valid (clean rows only) or all'
            cand --format 'csv, json, jsonl or xml'
            cand --gzip 'Compress each file with gzip (--gzip=false turns it off)'
            cand --name 'File names: {company} {external_id} {sheet} {sheet_id} {date} {time} {run} {ext}; {date} and {time} are the fire time in UTC [default: {sheet}-{date}T{time}.{ext}]'
            cand --if-exists 'What a name that already exists means: fail, skip, overwrite [default: fail]'
            cand --mode 'snapshot (every row) or delta (only rows new or changed since the last delivery there)'
            cand --key 'The column that identifies a row in delta mode (repeatable)'
            cand --no-manifest 'Do not write the manifest (--no-manifest=false writes it again)'
            cand --max-rows 'Refuse a run that would send more than N rows (exit 8); `none` removes the cap'
            cand --allow-failures 'Exit 0 even when characters XML forbids were dropped'
            cand --catch-up 'What run-due does with fire times that passed unrun: latest, all, none [default: latest]'
            cand --deadline 'Fire times older than this are recorded as missed, not run [default: 24h]'
            cand --now 'Pretend it is this moment (RFC 3339, e.g. 2026-03-08T07:00:00Z): for tests and rehearsals'
            cand --api-url 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so'
            cand --profile 'Which stored credential to use'
            cand --state-dir 'Where the journal of operations lives'
            cand --color 'When to use colour on stderr'
            cand --rate-limit 'Client-side budget: at most N API requests in any 60-second window'
            cand --timeout 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out'
            cand --paused 'Save it paused (resume with `vern jobs resume`)'
            cand --json 'Print the result as one JSON document on stdout (errors too)'
            cand --no-input 'Never prompt; a needed answer becomes an error naming the flag to pass'
            cand -q 'Less on stderr (-qq: errors only)'
            cand --quiet 'Less on stderr (-qq: errors only)'
            cand -v 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
            cand --verbose 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
            cand --sandbox 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vern;jobs;list'= {
            cand --now 'Pretend it is this moment (RFC 3339, e.g. 2026-03-08T07:00:00Z): for tests and rehearsals'
            cand --api-url 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so'
            cand --profile 'Which stored credential to use'
            cand --state-dir 'Where the journal of operations lives'
            cand --color 'When to use colour on stderr'
            cand --rate-limit 'Client-side budget: at most N API requests in any 60-second window'
            cand --timeout 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out'
            cand --json 'Print the result as one JSON document on stdout (errors too)'
            cand --no-input 'Never prompt; a needed answer becomes an error naming the flag to pass'
            cand -q 'Less on stderr (-qq: errors only)'
            cand --quiet 'Less on stderr (-qq: errors only)'
            cand -v 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
            cand --verbose 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
            cand --sandbox 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vern;jobs;show'= {
            cand --runs 'How many of its last runs to show'
            cand --now 'Pretend it is this moment (RFC 3339, e.g. 2026-03-08T07:00:00Z): for tests and rehearsals'
            cand --api-url 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so'
            cand --profile 'Which stored credential to use'
            cand --state-dir 'Where the journal of operations lives'
            cand --color 'When to use colour on stderr'
            cand --rate-limit 'Client-side budget: at most N API requests in any 60-second window'
            cand --timeout 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out'
            cand --json 'Print the result as one JSON document on stdout (errors too)'
            cand --no-input 'Never prompt; a needed answer becomes an error naming the flag to pass'
            cand -q 'Less on stderr (-qq: errors only)'
            cand --quiet 'Less on stderr (-qq: errors only)'
            cand -v 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
            cand --verbose 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
            cand --sandbox 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vern;jobs;update'= {
            cand --rename 'A new name'
            cand --company 'A new company id'
            cand --to 'A new destination'
            cand --schedule 'A new schedule (restarts it from now)'
            cand --tz 'A new time zone (restarts the schedule from now)'
            cand --description 'A new description ('''' removes it)'
            cand --sheet 'Only this sheet, by id or name (repeatable; default: every sheet vern knows at run time)'
            cand --filter 'valid (clean rows only) or all'
            cand --format 'csv, json, jsonl or xml'
            cand --gzip 'Compress each file with gzip (--gzip=false turns it off)'
            cand --name 'File names: {company} {external_id} {sheet} {sheet_id} {date} {time} {run} {ext}; {date} and {time} are the fire time in UTC [default: {sheet}-{date}T{time}.{ext}]'
            cand --if-exists 'What a name that already exists means: fail, skip, overwrite [default: fail]'
            cand --mode 'snapshot (every row) or delta (only rows new or changed since the last delivery there)'
            cand --key 'The column that identifies a row in delta mode (repeatable)'
            cand --no-manifest 'Do not write the manifest (--no-manifest=false writes it again)'
            cand --max-rows 'Refuse a run that would send more than N rows (exit 8); `none` removes the cap'
            cand --allow-failures 'Exit 0 even when characters XML forbids were dropped'
            cand --catch-up 'What run-due does with fire times that passed unrun: latest, all, none [default: latest]'
            cand --deadline 'Fire times older than this are recorded as missed, not run [default: 24h]'
            cand --now 'Pretend it is this moment (RFC 3339, e.g. 2026-03-08T07:00:00Z): for tests and rehearsals'
            cand --api-url 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so'
            cand --profile 'Which stored credential to use'
            cand --state-dir 'Where the journal of operations lives'
            cand --color 'When to use colour on stderr'
            cand --rate-limit 'Client-side budget: at most N API requests in any 60-second window'
            cand --timeout 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out'
            cand --all-sheets 'Deliver every sheet vern knows (empties --sheet)'
            cand --json 'Print the result as one JSON document on stdout (errors too)'
            cand --no-input 'Never prompt; a needed answer becomes an error naming the flag to pass'
            cand -q 'Less on stderr (-qq: errors only)'
            cand --quiet 'Less on stderr (-qq: errors only)'
            cand -v 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
            cand --verbose 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
            cand --sandbox 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vern;jobs;delete'= {
            cand --api-url 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so'
            cand --profile 'Which stored credential to use'
            cand --state-dir 'Where the journal of operations lives'
            cand --color 'When to use colour on stderr'
            cand --rate-limit 'Client-side budget: at most N API requests in any 60-second window'
            cand --timeout 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out'
            cand -y 'Do not ask'
            cand --yes 'Do not ask'
            cand --json 'Print the result as one JSON document on stdout (errors too)'
            cand --no-input 'Never prompt; a needed answer becomes an error naming the flag to pass'
            cand -q 'Less on stderr (-qq: errors only)'
            cand --quiet 'Less on stderr (-qq: errors only)'
            cand -v 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
            cand --verbose 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
            cand --sandbox 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vern;jobs;pause'= {
            cand --now 'Pretend it is this moment (RFC 3339, e.g. 2026-03-08T07:00:00Z): for tests and rehearsals'
            cand --api-url 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so'
            cand --profile 'Which stored credential to use'
            cand --state-dir 'Where the journal of operations lives'
            cand --color 'When to use colour on stderr'
            cand --rate-limit 'Client-side budget: at most N API requests in any 60-second window'
            cand --timeout 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out'
            cand --json 'Print the result as one JSON document on stdout (errors too)'
            cand --no-input 'Never prompt; a needed answer becomes an error naming the flag to pass'
            cand -q 'Less on stderr (-qq: errors only)'
            cand --quiet 'Less on stderr (-qq: errors only)'
            cand -v 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
            cand --verbose 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
            cand --sandbox 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vern;jobs;resume'= {
            cand --now 'Pretend it is this moment (RFC 3339, e.g. 2026-03-08T07:00:00Z): for tests and rehearsals'
            cand --api-url 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so'
            cand --profile 'Which stored credential to use'
            cand --state-dir 'Where the journal of operations lives'
            cand --color 'When to use colour on stderr'
            cand --rate-limit 'Client-side budget: at most N API requests in any 60-second window'
            cand --timeout 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out'
            cand --json 'Print the result as one JSON document on stdout (errors too)'
            cand --no-input 'Never prompt; a needed answer becomes an error naming the flag to pass'
            cand -q 'Less on stderr (-qq: errors only)'
            cand --quiet 'Less on stderr (-qq: errors only)'
            cand -v 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
            cand --verbose 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
            cand --sandbox 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vern;jobs;runs'= {
            cand --limit 'Show at most N runs'
            cand --api-url 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so'
            cand --profile 'Which stored credential to use'
            cand --state-dir 'Where the journal of operations lives'
            cand --color 'When to use colour on stderr'
            cand --rate-limit 'Client-side budget: at most N API requests in any 60-second window'
            cand --timeout 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out'
            cand --json 'Print the result as one JSON document on stdout (errors too)'
            cand --no-input 'Never prompt; a needed answer becomes an error naming the flag to pass'
            cand -q 'Less on stderr (-qq: errors only)'
            cand --quiet 'Less on stderr (-qq: errors only)'
            cand -v 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
            cand --verbose 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
            cand --sandbox 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vern;jobs;run'= {
            cand --scheduled-for 'Run (or continue) the run of this fire time (RFC 3339)'
            cand --api-url 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so'
            cand --profile 'Which stored credential to use'
            cand --state-dir 'Where the journal of operations lives'
            cand --color 'When to use colour on stderr'
            cand --rate-limit 'Client-side budget: at most N API requests in any 60-second window'
            cand --timeout 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out'
            cand --new 'Start over even if an unfinished manual run of the job exists'
            cand --plan 'Print what the run would send (rows, new/changed/unchanged/removed, exact bytes, files or batches, requests) against the job''s maxRows, and send nothing (exit 8 when the cap would refuse it)'
            cand --json 'Print the result as one JSON document on stdout (errors too)'
            cand --no-input 'Never prompt; a needed answer becomes an error naming the flag to pass'
            cand -q 'Less on stderr (-qq: errors only)'
            cand --quiet 'Less on stderr (-qq: errors only)'
            cand -v 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
            cand --verbose 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
            cand --sandbox 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vern;jobs;run-due'= {
            cand --job 'Only this job (id or name; repeatable)'
            cand --catch-up 'Override the jobs'' catch-up for this call: latest, all, none'
            cand --deadline 'Override the jobs'' deadline for this call (24h, 90m)'
            cand --now 'Pretend it is this moment (RFC 3339, e.g. 2026-03-08T07:00:00Z): for tests and rehearsals'
            cand --api-url 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so'
            cand --profile 'Which stored credential to use'
            cand --state-dir 'Where the journal of operations lives'
            cand --color 'When to use colour on stderr'
            cand --rate-limit 'Client-side budget: at most N API requests in any 60-second window'
            cand --timeout 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out'
            cand --json 'Print the result as one JSON document on stdout (errors too)'
            cand --no-input 'Never prompt; a needed answer becomes an error naming the flag to pass'
            cand -q 'Less on stderr (-qq: errors only)'
            cand --quiet 'Less on stderr (-qq: errors only)'
            cand -v 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
            cand --verbose 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
            cand --sandbox 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vern;jobs;serve'= {
            cand --listen 'Also serve the HTTP API here: PORT (loopback) or HOST:PORT'
            cand --now 'Pretend it is this moment (RFC 3339, e.g. 2026-03-08T07:00:00Z): for tests and rehearsals'
            cand --api-url 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so'
            cand --profile 'Which stored credential to use'
            cand --state-dir 'Where the journal of operations lives'
            cand --color 'When to use colour on stderr'
            cand --rate-limit 'Client-side budget: at most N API requests in any 60-second window'
            cand --timeout 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out'
            cand --json 'Print the result as one JSON document on stdout (errors too)'
            cand --no-input 'Never prompt; a needed answer becomes an error naming the flag to pass'
            cand -q 'Less on stderr (-qq: errors only)'
            cand --quiet 'Less on stderr (-qq: errors only)'
            cand -v 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
            cand --verbose 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
            cand --sandbox 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vern;jobs;schedule'= {
            cand --print 'crontab, github-actions, kubernetes or systemd'
            cand --vern 'The vern binary the wrapper runs (crontab, systemd) [default: this one]'
            cand --image 'The container image (kubernetes)'
            cand --out 'Write the file(s) into this directory instead of printing them'
            cand --api-url 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so'
            cand --profile 'Which stored credential to use'
            cand --state-dir 'Where the journal of operations lives'
            cand --color 'When to use colour on stderr'
            cand --rate-limit 'Client-side budget: at most N API requests in any 60-second window'
            cand --timeout 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out'
            cand --json 'Print the result as one JSON document on stdout (errors too)'
            cand --no-input 'Never prompt; a needed answer becomes an error naming the flag to pass'
            cand -q 'Less on stderr (-qq: errors only)'
            cand --quiet 'Less on stderr (-qq: errors only)'
            cand -v 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
            cand --verbose 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
            cand --sandbox 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vern;jobs;apply'= {
            cand -f 'The file (- for stdin)'
            cand --file 'The file (- for stdin)'
            cand --now 'Pretend it is this moment (RFC 3339, e.g. 2026-03-08T07:00:00Z): for tests and rehearsals'
            cand --api-url 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so'
            cand --profile 'Which stored credential to use'
            cand --state-dir 'Where the journal of operations lives'
            cand --color 'When to use colour on stderr'
            cand --rate-limit 'Client-side budget: at most N API requests in any 60-second window'
            cand --timeout 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out'
            cand --json 'Print the result as one JSON document on stdout (errors too)'
            cand --no-input 'Never prompt; a needed answer becomes an error naming the flag to pass'
            cand -q 'Less on stderr (-qq: errors only)'
            cand --quiet 'Less on stderr (-qq: errors only)'
            cand -v 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
            cand --verbose 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
            cand --sandbox 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vern;jobs;export'= {
            cand --api-url 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so'
            cand --profile 'Which stored credential to use'
            cand --state-dir 'Where the journal of operations lives'
            cand --color 'When to use colour on stderr'
            cand --rate-limit 'Client-side budget: at most N API requests in any 60-second window'
            cand --timeout 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out'
            cand --json 'Print the result as one JSON document on stdout (errors too)'
            cand --no-input 'Never prompt; a needed answer becomes an error naming the flag to pass'
            cand -q 'Less on stderr (-qq: errors only)'
            cand --quiet 'Less on stderr (-qq: errors only)'
            cand -v 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
            cand --verbose 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
            cand --sandbox 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vern;jobs;help'= {
            cand create 'Save a job: a delivery on a cron schedule in a time zone'
            cand list 'Every job: destination, schedule, state, last run, next fire time'
            cand show 'One job, its next five fire times and its last runs'
            cand update 'Change some fields of a job'
            cand delete 'Delete a job and its run history'
            cand pause 'Stop a job''s schedule'
            cand resume 'Restart a job''s schedule from now'
            cand runs 'A job''s run history, most recent first'
            cand run 'Run a job now'
            cand run-due 'Run every active job whose fire time has come (for cron, CI, Kubernetes)'
            cand serve 'A foreground scheduler, with an optional HTTP API'
            cand schedule 'Print a wrapper that calls run-due from crontab, GitHub, Kubernetes or systemd'
            cand apply 'Declare jobs from a JSON file (upsert by name)'
            cand export 'Print every job in the file format of `jobs apply`'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'vern;jobs;help;create'= {
        }
        &'vern;jobs;help;list'= {
        }
        &'vern;jobs;help;show'= {
        }
        &'vern;jobs;help;update'= {
        }
        &'vern;jobs;help;delete'= {
        }
        &'vern;jobs;help;pause'= {
        }
        &'vern;jobs;help;resume'= {
        }
        &'vern;jobs;help;runs'= {
        }
        &'vern;jobs;help;run'= {
        }
        &'vern;jobs;help;run-due'= {
        }
        &'vern;jobs;help;serve'= {
        }
        &'vern;jobs;help;schedule'= {
        }
        &'vern;jobs;help;apply'= {
        }
        &'vern;jobs;help;export'= {
        }
        &'vern;jobs;help;help'= {
        }
        &'vern;runs'= {
            cand --api-url 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so'
            cand --profile 'Which stored credential to use'
            cand --state-dir 'Where the journal of operations lives'
            cand --color 'When to use colour on stderr'
            cand --rate-limit 'Client-side budget: at most N API requests in any 60-second window'
            cand --timeout 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out'
            cand --json 'Print the result as one JSON document on stdout (errors too)'
            cand --no-input 'Never prompt; a needed answer becomes an error naming the flag to pass'
            cand -q 'Less on stderr (-qq: errors only)'
            cand --quiet 'Less on stderr (-qq: errors only)'
            cand -v 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
            cand --verbose 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
            cand --sandbox 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'The operations of the journal, newest first'
            cand show 'One operation in full: steps, run ids, decisions, counts, outputs, errors'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'vern;runs;list'= {
            cand --limit 'Show at most N operations'
            cand --status 'Only operations with this status (repeatable, or comma-separated)'
            cand --company 'Only the operations of this company (its id, or the start of it)'
            cand --since 'Only operations active (started, continued or ended) since TIME: RFC 3339 (2026-11-22T10:00:00Z, +02:00 offsets, or a date) or a duration back from now (24h, 7d)'
            cand --api-url 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so'
            cand --profile 'Which stored credential to use'
            cand --state-dir 'Where the journal of operations lives'
            cand --color 'When to use colour on stderr'
            cand --rate-limit 'Client-side budget: at most N API requests in any 60-second window'
            cand --timeout 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out'
            cand --json 'Print the result as one JSON document on stdout (errors too)'
            cand --no-input 'Never prompt; a needed answer becomes an error naming the flag to pass'
            cand -q 'Less on stderr (-qq: errors only)'
            cand --quiet 'Less on stderr (-qq: errors only)'
            cand -v 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
            cand --verbose 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
            cand --sandbox 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vern;runs;show'= {
            cand --api-url 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so'
            cand --profile 'Which stored credential to use'
            cand --state-dir 'Where the journal of operations lives'
            cand --color 'When to use colour on stderr'
            cand --rate-limit 'Client-side budget: at most N API requests in any 60-second window'
            cand --timeout 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out'
            cand --json 'Print the result as one JSON document on stdout (errors too)'
            cand --no-input 'Never prompt; a needed answer becomes an error naming the flag to pass'
            cand -q 'Less on stderr (-qq: errors only)'
            cand --quiet 'Less on stderr (-qq: errors only)'
            cand -v 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
            cand --verbose 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
            cand --sandbox 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vern;runs;help'= {
            cand list 'The operations of the journal, newest first'
            cand show 'One operation in full: steps, run ids, decisions, counts, outputs, errors'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'vern;runs;help;list'= {
        }
        &'vern;runs;help;show'= {
        }
        &'vern;runs;help;help'= {
        }
        &'vern;resume'= {
            cand --api-url 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so'
            cand --profile 'Which stored credential to use'
            cand --state-dir 'Where the journal of operations lives'
            cand --color 'When to use colour on stderr'
            cand --rate-limit 'Client-side budget: at most N API requests in any 60-second window'
            cand --timeout 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out'
            cand --json 'Print the result as one JSON document on stdout (errors too)'
            cand --no-input 'Never prompt; a needed answer becomes an error naming the flag to pass'
            cand -q 'Less on stderr (-qq: errors only)'
            cand --quiet 'Less on stderr (-qq: errors only)'
            cand -v 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
            cand --verbose 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
            cand --sandbox 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vern;sandbox'= {
            cand --addr 'Address of the API listener'
            cand --storage-addr 'Address of the storage listener for signed uploads (default: the next port)'
            cand --seed 'Load sources, templates, destination and writer from FILE (format: examples/seed.json)'
            cand --key 'Accept this API key (repeatable; default: the seed''s keys)'
            cand --queue-time 'How long a run stays queued (sandbox time)'
            cand --run-time 'How long a run stays running (sandbox time)'
            cand --time-scale 'Sandbox seconds per real second (10 = runs finish ten times faster)'
            cand --error-rate 'Share of requests answered with a 5xx (500/503 JSON, or a proxy''s HTML 502)'
            cand --burst-429-rate 'Chance that a request starts a burst of 429s'
            cand --burst-len 'Length of each 429 burst'
            cand --reset-rate 'Share of connections reset before the request is processed'
            cand --lost-response-rate 'Share of POST/PUT/PATCH processed, then answered by a dropped connection'
            cand --latency 'Delay added to every request'
            cand --latency-jitter 'Random extra delay, up to this much'
            cand --fault-seed 'Seed of the fault sequence (the same seed and request order give the same faults)'
            cand --server-rate-limit 'Requests per key per route per minute before 429 (0: no limit)'
            cand --scenario 'Force a scenario for every import: blocked (asks a question first) or fail'
            cand --upload-ttl 'Lifetime of a signed upload URL'
            cand --api-url 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so'
            cand --profile 'Which stored credential to use'
            cand --state-dir 'Where the journal of operations lives'
            cand --color 'When to use colour on stderr'
            cand --rate-limit 'Client-side budget: at most N API requests in any 60-second window'
            cand --timeout 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out'
            cand --destination-down 'The destination refuses connections: exports fail at job level'
            cand --json 'Print the result as one JSON document on stdout (errors too)'
            cand --no-input 'Never prompt; a needed answer becomes an error naming the flag to pass'
            cand -q 'Less on stderr (-qq: errors only)'
            cand --quiet 'Less on stderr (-qq: errors only)'
            cand -v 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
            cand --verbose 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
            cand --sandbox 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vern;completions'= {
            cand --api-url 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so'
            cand --profile 'Which stored credential to use'
            cand --state-dir 'Where the journal of operations lives'
            cand --color 'When to use colour on stderr'
            cand --rate-limit 'Client-side budget: at most N API requests in any 60-second window'
            cand --timeout 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out'
            cand --json 'Print the result as one JSON document on stdout (errors too)'
            cand --no-input 'Never prompt; a needed answer becomes an error naming the flag to pass'
            cand -q 'Less on stderr (-qq: errors only)'
            cand --quiet 'Less on stderr (-qq: errors only)'
            cand -v 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
            cand --verbose 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
            cand --sandbox 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vern;help'= {
            cand auth 'Store, check and remove the API key of a profile'
            cand sources 'List the sources of the account'
            cand templates 'List the templates of the account'
            cand company 'Provision a company, or show what vern knows about one'
            cand upload 'Upload files through signed URLs and print their upload refs'
            cand import 'Start an import run (uploading files first) and wait for it'
            cand poll 'Wait for a run until it is terminal or needs a decision'
            cand approve 'Decide on a run that needs attention, or answer a blocked run'
            cand export 'Push validated rows to the destination and report every write'
            cand download 'Stream a sheet''s validated CSV to a file or stdout'
            cand migrate 'Run a whole migration as one resumable operation'
            cand deliver 'Relay the validated rows to a directory, S3 or Azure Blob as csv/json/jsonl/xml, exactly once'
            cand jobs 'Saved deliveries on a cron schedule, with a run history'
            cand runs 'The journal: every operation with its steps, runs, counts and errors'
            cand resume 'Continue an interrupted operation (the latest one without ID)'
            cand sandbox 'Run a local simulator of the Migration API until interrupted'
            cand completions 'Print a shell completion script'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'vern;help;auth'= {
            cand login 'Store the API key of a profile in the OS keyring (after checking it with the API)'
            cand status 'Check the key: where it and the API URL come from, and whether the API accepts it'
            cand logout 'Remove the stored key of a profile (keyring and credentials file) and its API URL'
        }
        &'vern;help;auth;login'= {
        }
        &'vern;help;auth;status'= {
        }
        &'vern;help;auth;logout'= {
        }
        &'vern;help;sources'= {
            cand list 'List the sources of the account (pass an id to `company create --source`)'
        }
        &'vern;help;sources;list'= {
        }
        &'vern;help;templates'= {
            cand list 'List the templates of the account with their columns and rules'
        }
        &'vern;help;templates;list'= {
        }
        &'vern;help;company'= {
            cand create 'Provision a company: its workbook gets one sheet per template'
            cand show 'What vern knows about a company: its sheets with ids and row counts'
        }
        &'vern;help;company;create'= {
        }
        &'vern;help;company;show'= {
        }
        &'vern;help;upload'= {
        }
        &'vern;help;import'= {
        }
        &'vern;help;poll'= {
        }
        &'vern;help;approve'= {
        }
        &'vern;help;export'= {
        }
        &'vern;help;download'= {
        }
        &'vern;help;migrate'= {
        }
        &'vern;help;deliver'= {
        }
        &'vern;help;jobs'= {
            cand create 'Save a job: a delivery on a cron schedule in a time zone'
            cand list 'Every job: destination, schedule, state, last run, next fire time'
            cand show 'One job, its next five fire times and its last runs'
            cand update 'Change some fields of a job'
            cand delete 'Delete a job and its run history'
            cand pause 'Stop a job''s schedule'
            cand resume 'Restart a job''s schedule from now'
            cand runs 'A job''s run history, most recent first'
            cand run 'Run a job now'
            cand run-due 'Run every active job whose fire time has come (for cron, CI, Kubernetes)'
            cand serve 'A foreground scheduler, with an optional HTTP API'
            cand schedule 'Print a wrapper that calls run-due from crontab, GitHub, Kubernetes or systemd'
            cand apply 'Declare jobs from a JSON file (upsert by name)'
            cand export 'Print every job in the file format of `jobs apply`'
        }
        &'vern;help;jobs;create'= {
        }
        &'vern;help;jobs;list'= {
        }
        &'vern;help;jobs;show'= {
        }
        &'vern;help;jobs;update'= {
        }
        &'vern;help;jobs;delete'= {
        }
        &'vern;help;jobs;pause'= {
        }
        &'vern;help;jobs;resume'= {
        }
        &'vern;help;jobs;runs'= {
        }
        &'vern;help;jobs;run'= {
        }
        &'vern;help;jobs;run-due'= {
        }
        &'vern;help;jobs;serve'= {
        }
        &'vern;help;jobs;schedule'= {
        }
        &'vern;help;jobs;apply'= {
        }
        &'vern;help;jobs;export'= {
        }
        &'vern;help;runs'= {
            cand list 'The operations of the journal, newest first'
            cand show 'One operation in full: steps, run ids, decisions, counts, outputs, errors'
        }
        &'vern;help;runs;list'= {
        }
        &'vern;help;runs;show'= {
        }
        &'vern;help;resume'= {
        }
        &'vern;help;sandbox'= {
        }
        &'vern;help;completions'= {
        }
        &'vern;help;help'= {
        }
    ]
    $completions[$command]
}
