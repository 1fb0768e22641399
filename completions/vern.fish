# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_vern_global_optspecs
    string join \n api-url= profile= state-dir= json no-input color= q/quiet v/verbose sandbox rate-limit= timeout= h/help V/version
end

function __fish_vern_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_vern_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_vern_using_subcommand
    set -l cmd (__fish_vern_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c vern -n "__fish_vern_needs_command" -l api-url -d 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so' -r
complete -c vern -n "__fish_vern_needs_command" -l profile -d 'Which stored credential to use' -r
complete -c vern -n "__fish_vern_needs_command" -l state-dir -d 'Where the journal of operations lives' -r -F
complete -c vern -n "__fish_vern_needs_command" -l color -d 'When to use colour on stderr' -r -f -a "auto\t''
always\t''
never\t''"
complete -c vern -n "__fish_vern_needs_command" -l rate-limit -d 'Client-side budget: at most N API requests in any 60-second window' -r
complete -c vern -n "__fish_vern_needs_command" -l timeout -d 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out' -r
complete -c vern -n "__fish_vern_needs_command" -l json -d 'Print the result as one JSON document on stdout (errors too)'
complete -c vern -n "__fish_vern_needs_command" -l no-input -d 'Never prompt; a needed answer becomes an error naming the flag to pass'
complete -c vern -n "__fish_vern_needs_command" -s q -l quiet -d 'Less on stderr (-qq: errors only)'
complete -c vern -n "__fish_vern_needs_command" -s v -l verbose -d 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
complete -c vern -n "__fish_vern_needs_command" -l sandbox -d 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)'
complete -c vern -n "__fish_vern_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vern -n "__fish_vern_needs_command" -s V -l version -d 'Print version'
complete -c vern -n "__fish_vern_needs_command" -f -a "auth" -d 'Store, check and remove the API key of a profile'
complete -c vern -n "__fish_vern_needs_command" -f -a "sources" -d 'List the sources of the account'
complete -c vern -n "__fish_vern_needs_command" -f -a "templates" -d 'List the templates of the account'
complete -c vern -n "__fish_vern_needs_command" -f -a "company" -d 'Provision a company, or show what vern knows about one'
complete -c vern -n "__fish_vern_needs_command" -f -a "upload" -d 'Upload files through signed URLs and print their upload refs'
complete -c vern -n "__fish_vern_needs_command" -f -a "import" -d 'Start an import run (uploading files first) and wait for it'
complete -c vern -n "__fish_vern_needs_command" -f -a "poll" -d 'Wait for a run until it is terminal or needs a decision'
complete -c vern -n "__fish_vern_needs_command" -f -a "wait" -d 'Wait for a run until it is terminal or needs a decision'
complete -c vern -n "__fish_vern_needs_command" -f -a "approve" -d 'Decide on a run that needs attention, or answer a blocked run'
complete -c vern -n "__fish_vern_needs_command" -f -a "export" -d 'Push validated rows to the destination and report every write'
complete -c vern -n "__fish_vern_needs_command" -f -a "download" -d 'Stream a sheet\'s validated CSV to a file or stdout'
complete -c vern -n "__fish_vern_needs_command" -f -a "migrate" -d 'Run a whole migration as one resumable operation'
complete -c vern -n "__fish_vern_needs_command" -f -a "deliver" -d 'Relay the validated rows to a directory, S3 or Azure Blob as csv/json/jsonl/xml, exactly once'
complete -c vern -n "__fish_vern_needs_command" -f -a "jobs" -d 'Saved deliveries on a cron schedule, with a run history'
complete -c vern -n "__fish_vern_needs_command" -f -a "runs" -d 'The journal: every operation with its steps, runs, counts and errors'
complete -c vern -n "__fish_vern_needs_command" -f -a "resume" -d 'Continue an interrupted operation (the latest one without ID)'
complete -c vern -n "__fish_vern_needs_command" -f -a "sandbox" -d 'Run a local simulator of the Migration API until interrupted'
complete -c vern -n "__fish_vern_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c vern -n "__fish_vern_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c vern -n "__fish_vern_using_subcommand auth; and not __fish_seen_subcommand_from login status logout help" -l api-url -d 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so' -r
complete -c vern -n "__fish_vern_using_subcommand auth; and not __fish_seen_subcommand_from login status logout help" -l profile -d 'Which stored credential to use' -r
complete -c vern -n "__fish_vern_using_subcommand auth; and not __fish_seen_subcommand_from login status logout help" -l state-dir -d 'Where the journal of operations lives' -r -F
complete -c vern -n "__fish_vern_using_subcommand auth; and not __fish_seen_subcommand_from login status logout help" -l color -d 'When to use colour on stderr' -r -f -a "auto\t''
always\t''
never\t''"
complete -c vern -n "__fish_vern_using_subcommand auth; and not __fish_seen_subcommand_from login status logout help" -l rate-limit -d 'Client-side budget: at most N API requests in any 60-second window' -r
complete -c vern -n "__fish_vern_using_subcommand auth; and not __fish_seen_subcommand_from login status logout help" -l timeout -d 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out' -r
complete -c vern -n "__fish_vern_using_subcommand auth; and not __fish_seen_subcommand_from login status logout help" -l json -d 'Print the result as one JSON document on stdout (errors too)'
complete -c vern -n "__fish_vern_using_subcommand auth; and not __fish_seen_subcommand_from login status logout help" -l no-input -d 'Never prompt; a needed answer becomes an error naming the flag to pass'
complete -c vern -n "__fish_vern_using_subcommand auth; and not __fish_seen_subcommand_from login status logout help" -s q -l quiet -d 'Less on stderr (-qq: errors only)'
complete -c vern -n "__fish_vern_using_subcommand auth; and not __fish_seen_subcommand_from login status logout help" -s v -l verbose -d 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
complete -c vern -n "__fish_vern_using_subcommand auth; and not __fish_seen_subcommand_from login status logout help" -l sandbox -d 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)'
complete -c vern -n "__fish_vern_using_subcommand auth; and not __fish_seen_subcommand_from login status logout help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vern -n "__fish_vern_using_subcommand auth; and not __fish_seen_subcommand_from login status logout help" -s V -l version -d 'Print version'
complete -c vern -n "__fish_vern_using_subcommand auth; and not __fish_seen_subcommand_from login status logout help" -f -a "login" -d 'Store the API key of a profile in the OS keyring (after checking it with the API)'
complete -c vern -n "__fish_vern_using_subcommand auth; and not __fish_seen_subcommand_from login status logout help" -f -a "status" -d 'Check the key: where it and the API URL come from, and whether the API accepts it'
complete -c vern -n "__fish_vern_using_subcommand auth; and not __fish_seen_subcommand_from login status logout help" -f -a "logout" -d 'Remove the stored key of a profile (keyring and credentials file) and its API URL'
complete -c vern -n "__fish_vern_using_subcommand auth; and not __fish_seen_subcommand_from login status logout help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c vern -n "__fish_vern_using_subcommand auth; and __fish_seen_subcommand_from login" -l webhook-secret -d 'Store a webhook signing secret under NAME instead of an API key' -r
complete -c vern -n "__fish_vern_using_subcommand auth; and __fish_seen_subcommand_from login" -l api-url -d 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so' -r
complete -c vern -n "__fish_vern_using_subcommand auth; and __fish_seen_subcommand_from login" -l profile -d 'Which stored credential to use' -r
complete -c vern -n "__fish_vern_using_subcommand auth; and __fish_seen_subcommand_from login" -l state-dir -d 'Where the journal of operations lives' -r -F
complete -c vern -n "__fish_vern_using_subcommand auth; and __fish_seen_subcommand_from login" -l color -d 'When to use colour on stderr' -r -f -a "auto\t''
always\t''
never\t''"
complete -c vern -n "__fish_vern_using_subcommand auth; and __fish_seen_subcommand_from login" -l rate-limit -d 'Client-side budget: at most N API requests in any 60-second window' -r
complete -c vern -n "__fish_vern_using_subcommand auth; and __fish_seen_subcommand_from login" -l timeout -d 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out' -r
complete -c vern -n "__fish_vern_using_subcommand auth; and __fish_seen_subcommand_from login" -l with-key-stdin -d 'Read the key (or the secret) from stdin instead of prompting (for automation)'
complete -c vern -n "__fish_vern_using_subcommand auth; and __fish_seen_subcommand_from login" -l json -d 'Print the result as one JSON document on stdout (errors too)'
complete -c vern -n "__fish_vern_using_subcommand auth; and __fish_seen_subcommand_from login" -l no-input -d 'Never prompt; a needed answer becomes an error naming the flag to pass'
complete -c vern -n "__fish_vern_using_subcommand auth; and __fish_seen_subcommand_from login" -s q -l quiet -d 'Less on stderr (-qq: errors only)'
complete -c vern -n "__fish_vern_using_subcommand auth; and __fish_seen_subcommand_from login" -s v -l verbose -d 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
complete -c vern -n "__fish_vern_using_subcommand auth; and __fish_seen_subcommand_from login" -l sandbox -d 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)'
complete -c vern -n "__fish_vern_using_subcommand auth; and __fish_seen_subcommand_from login" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vern -n "__fish_vern_using_subcommand auth; and __fish_seen_subcommand_from login" -s V -l version -d 'Print version'
complete -c vern -n "__fish_vern_using_subcommand auth; and __fish_seen_subcommand_from status" -l api-url -d 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so' -r
complete -c vern -n "__fish_vern_using_subcommand auth; and __fish_seen_subcommand_from status" -l profile -d 'Which stored credential to use' -r
complete -c vern -n "__fish_vern_using_subcommand auth; and __fish_seen_subcommand_from status" -l state-dir -d 'Where the journal of operations lives' -r -F
complete -c vern -n "__fish_vern_using_subcommand auth; and __fish_seen_subcommand_from status" -l color -d 'When to use colour on stderr' -r -f -a "auto\t''
always\t''
never\t''"
complete -c vern -n "__fish_vern_using_subcommand auth; and __fish_seen_subcommand_from status" -l rate-limit -d 'Client-side budget: at most N API requests in any 60-second window' -r
complete -c vern -n "__fish_vern_using_subcommand auth; and __fish_seen_subcommand_from status" -l timeout -d 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out' -r
complete -c vern -n "__fish_vern_using_subcommand auth; and __fish_seen_subcommand_from status" -l json -d 'Print the result as one JSON document on stdout (errors too)'
complete -c vern -n "__fish_vern_using_subcommand auth; and __fish_seen_subcommand_from status" -l no-input -d 'Never prompt; a needed answer becomes an error naming the flag to pass'
complete -c vern -n "__fish_vern_using_subcommand auth; and __fish_seen_subcommand_from status" -s q -l quiet -d 'Less on stderr (-qq: errors only)'
complete -c vern -n "__fish_vern_using_subcommand auth; and __fish_seen_subcommand_from status" -s v -l verbose -d 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
complete -c vern -n "__fish_vern_using_subcommand auth; and __fish_seen_subcommand_from status" -l sandbox -d 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)'
complete -c vern -n "__fish_vern_using_subcommand auth; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vern -n "__fish_vern_using_subcommand auth; and __fish_seen_subcommand_from status" -s V -l version -d 'Print version'
complete -c vern -n "__fish_vern_using_subcommand auth; and __fish_seen_subcommand_from logout" -l webhook-secret -d 'Remove the webhook signing secret stored under NAME instead of the API key' -r
complete -c vern -n "__fish_vern_using_subcommand auth; and __fish_seen_subcommand_from logout" -l api-url -d 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so' -r
complete -c vern -n "__fish_vern_using_subcommand auth; and __fish_seen_subcommand_from logout" -l profile -d 'Which stored credential to use' -r
complete -c vern -n "__fish_vern_using_subcommand auth; and __fish_seen_subcommand_from logout" -l state-dir -d 'Where the journal of operations lives' -r -F
complete -c vern -n "__fish_vern_using_subcommand auth; and __fish_seen_subcommand_from logout" -l color -d 'When to use colour on stderr' -r -f -a "auto\t''
always\t''
never\t''"
complete -c vern -n "__fish_vern_using_subcommand auth; and __fish_seen_subcommand_from logout" -l rate-limit -d 'Client-side budget: at most N API requests in any 60-second window' -r
complete -c vern -n "__fish_vern_using_subcommand auth; and __fish_seen_subcommand_from logout" -l timeout -d 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out' -r
complete -c vern -n "__fish_vern_using_subcommand auth; and __fish_seen_subcommand_from logout" -l json -d 'Print the result as one JSON document on stdout (errors too)'
complete -c vern -n "__fish_vern_using_subcommand auth; and __fish_seen_subcommand_from logout" -l no-input -d 'Never prompt; a needed answer becomes an error naming the flag to pass'
complete -c vern -n "__fish_vern_using_subcommand auth; and __fish_seen_subcommand_from logout" -s q -l quiet -d 'Less on stderr (-qq: errors only)'
complete -c vern -n "__fish_vern_using_subcommand auth; and __fish_seen_subcommand_from logout" -s v -l verbose -d 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
complete -c vern -n "__fish_vern_using_subcommand auth; and __fish_seen_subcommand_from logout" -l sandbox -d 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)'
complete -c vern -n "__fish_vern_using_subcommand auth; and __fish_seen_subcommand_from logout" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vern -n "__fish_vern_using_subcommand auth; and __fish_seen_subcommand_from logout" -s V -l version -d 'Print version'
complete -c vern -n "__fish_vern_using_subcommand auth; and __fish_seen_subcommand_from help" -f -a "login" -d 'Store the API key of a profile in the OS keyring (after checking it with the API)'
complete -c vern -n "__fish_vern_using_subcommand auth; and __fish_seen_subcommand_from help" -f -a "status" -d 'Check the key: where it and the API URL come from, and whether the API accepts it'
complete -c vern -n "__fish_vern_using_subcommand auth; and __fish_seen_subcommand_from help" -f -a "logout" -d 'Remove the stored key of a profile (keyring and credentials file) and its API URL'
complete -c vern -n "__fish_vern_using_subcommand auth; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c vern -n "__fish_vern_using_subcommand sources; and not __fish_seen_subcommand_from list help" -l api-url -d 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so' -r
complete -c vern -n "__fish_vern_using_subcommand sources; and not __fish_seen_subcommand_from list help" -l profile -d 'Which stored credential to use' -r
complete -c vern -n "__fish_vern_using_subcommand sources; and not __fish_seen_subcommand_from list help" -l state-dir -d 'Where the journal of operations lives' -r -F
complete -c vern -n "__fish_vern_using_subcommand sources; and not __fish_seen_subcommand_from list help" -l color -d 'When to use colour on stderr' -r -f -a "auto\t''
always\t''
never\t''"
complete -c vern -n "__fish_vern_using_subcommand sources; and not __fish_seen_subcommand_from list help" -l rate-limit -d 'Client-side budget: at most N API requests in any 60-second window' -r
complete -c vern -n "__fish_vern_using_subcommand sources; and not __fish_seen_subcommand_from list help" -l timeout -d 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out' -r
complete -c vern -n "__fish_vern_using_subcommand sources; and not __fish_seen_subcommand_from list help" -l json -d 'Print the result as one JSON document on stdout (errors too)'
complete -c vern -n "__fish_vern_using_subcommand sources; and not __fish_seen_subcommand_from list help" -l no-input -d 'Never prompt; a needed answer becomes an error naming the flag to pass'
complete -c vern -n "__fish_vern_using_subcommand sources; and not __fish_seen_subcommand_from list help" -s q -l quiet -d 'Less on stderr (-qq: errors only)'
complete -c vern -n "__fish_vern_using_subcommand sources; and not __fish_seen_subcommand_from list help" -s v -l verbose -d 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
complete -c vern -n "__fish_vern_using_subcommand sources; and not __fish_seen_subcommand_from list help" -l sandbox -d 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)'
complete -c vern -n "__fish_vern_using_subcommand sources; and not __fish_seen_subcommand_from list help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vern -n "__fish_vern_using_subcommand sources; and not __fish_seen_subcommand_from list help" -s V -l version -d 'Print version'
complete -c vern -n "__fish_vern_using_subcommand sources; and not __fish_seen_subcommand_from list help" -f -a "list" -d 'List the sources of the account (pass an id to `company create --source`)'
complete -c vern -n "__fish_vern_using_subcommand sources; and not __fish_seen_subcommand_from list help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c vern -n "__fish_vern_using_subcommand sources; and __fish_seen_subcommand_from list" -l api-url -d 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so' -r
complete -c vern -n "__fish_vern_using_subcommand sources; and __fish_seen_subcommand_from list" -l profile -d 'Which stored credential to use' -r
complete -c vern -n "__fish_vern_using_subcommand sources; and __fish_seen_subcommand_from list" -l state-dir -d 'Where the journal of operations lives' -r -F
complete -c vern -n "__fish_vern_using_subcommand sources; and __fish_seen_subcommand_from list" -l color -d 'When to use colour on stderr' -r -f -a "auto\t''
always\t''
never\t''"
complete -c vern -n "__fish_vern_using_subcommand sources; and __fish_seen_subcommand_from list" -l rate-limit -d 'Client-side budget: at most N API requests in any 60-second window' -r
complete -c vern -n "__fish_vern_using_subcommand sources; and __fish_seen_subcommand_from list" -l timeout -d 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out' -r
complete -c vern -n "__fish_vern_using_subcommand sources; and __fish_seen_subcommand_from list" -l json -d 'Print the result as one JSON document on stdout (errors too)'
complete -c vern -n "__fish_vern_using_subcommand sources; and __fish_seen_subcommand_from list" -l no-input -d 'Never prompt; a needed answer becomes an error naming the flag to pass'
complete -c vern -n "__fish_vern_using_subcommand sources; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Less on stderr (-qq: errors only)'
complete -c vern -n "__fish_vern_using_subcommand sources; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
complete -c vern -n "__fish_vern_using_subcommand sources; and __fish_seen_subcommand_from list" -l sandbox -d 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)'
complete -c vern -n "__fish_vern_using_subcommand sources; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vern -n "__fish_vern_using_subcommand sources; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c vern -n "__fish_vern_using_subcommand sources; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the sources of the account (pass an id to `company create --source`)'
complete -c vern -n "__fish_vern_using_subcommand sources; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c vern -n "__fish_vern_using_subcommand templates; and not __fish_seen_subcommand_from list help" -l api-url -d 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so' -r
complete -c vern -n "__fish_vern_using_subcommand templates; and not __fish_seen_subcommand_from list help" -l profile -d 'Which stored credential to use' -r
complete -c vern -n "__fish_vern_using_subcommand templates; and not __fish_seen_subcommand_from list help" -l state-dir -d 'Where the journal of operations lives' -r -F
complete -c vern -n "__fish_vern_using_subcommand templates; and not __fish_seen_subcommand_from list help" -l color -d 'When to use colour on stderr' -r -f -a "auto\t''
always\t''
never\t''"
complete -c vern -n "__fish_vern_using_subcommand templates; and not __fish_seen_subcommand_from list help" -l rate-limit -d 'Client-side budget: at most N API requests in any 60-second window' -r
complete -c vern -n "__fish_vern_using_subcommand templates; and not __fish_seen_subcommand_from list help" -l timeout -d 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out' -r
complete -c vern -n "__fish_vern_using_subcommand templates; and not __fish_seen_subcommand_from list help" -l json -d 'Print the result as one JSON document on stdout (errors too)'
complete -c vern -n "__fish_vern_using_subcommand templates; and not __fish_seen_subcommand_from list help" -l no-input -d 'Never prompt; a needed answer becomes an error naming the flag to pass'
complete -c vern -n "__fish_vern_using_subcommand templates; and not __fish_seen_subcommand_from list help" -s q -l quiet -d 'Less on stderr (-qq: errors only)'
complete -c vern -n "__fish_vern_using_subcommand templates; and not __fish_seen_subcommand_from list help" -s v -l verbose -d 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
complete -c vern -n "__fish_vern_using_subcommand templates; and not __fish_seen_subcommand_from list help" -l sandbox -d 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)'
complete -c vern -n "__fish_vern_using_subcommand templates; and not __fish_seen_subcommand_from list help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vern -n "__fish_vern_using_subcommand templates; and not __fish_seen_subcommand_from list help" -s V -l version -d 'Print version'
complete -c vern -n "__fish_vern_using_subcommand templates; and not __fish_seen_subcommand_from list help" -f -a "list" -d 'List the templates of the account with their columns and rules'
complete -c vern -n "__fish_vern_using_subcommand templates; and not __fish_seen_subcommand_from list help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c vern -n "__fish_vern_using_subcommand templates; and __fish_seen_subcommand_from list" -l api-url -d 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so' -r
complete -c vern -n "__fish_vern_using_subcommand templates; and __fish_seen_subcommand_from list" -l profile -d 'Which stored credential to use' -r
complete -c vern -n "__fish_vern_using_subcommand templates; and __fish_seen_subcommand_from list" -l state-dir -d 'Where the journal of operations lives' -r -F
complete -c vern -n "__fish_vern_using_subcommand templates; and __fish_seen_subcommand_from list" -l color -d 'When to use colour on stderr' -r -f -a "auto\t''
always\t''
never\t''"
complete -c vern -n "__fish_vern_using_subcommand templates; and __fish_seen_subcommand_from list" -l rate-limit -d 'Client-side budget: at most N API requests in any 60-second window' -r
complete -c vern -n "__fish_vern_using_subcommand templates; and __fish_seen_subcommand_from list" -l timeout -d 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out' -r
complete -c vern -n "__fish_vern_using_subcommand templates; and __fish_seen_subcommand_from list" -l json -d 'Print the result as one JSON document on stdout (errors too)'
complete -c vern -n "__fish_vern_using_subcommand templates; and __fish_seen_subcommand_from list" -l no-input -d 'Never prompt; a needed answer becomes an error naming the flag to pass'
complete -c vern -n "__fish_vern_using_subcommand templates; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Less on stderr (-qq: errors only)'
complete -c vern -n "__fish_vern_using_subcommand templates; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
complete -c vern -n "__fish_vern_using_subcommand templates; and __fish_seen_subcommand_from list" -l sandbox -d 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)'
complete -c vern -n "__fish_vern_using_subcommand templates; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vern -n "__fish_vern_using_subcommand templates; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c vern -n "__fish_vern_using_subcommand templates; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the templates of the account with their columns and rules'
complete -c vern -n "__fish_vern_using_subcommand templates; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c vern -n "__fish_vern_using_subcommand company; and not __fish_seen_subcommand_from create show help" -l api-url -d 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so' -r
complete -c vern -n "__fish_vern_using_subcommand company; and not __fish_seen_subcommand_from create show help" -l profile -d 'Which stored credential to use' -r
complete -c vern -n "__fish_vern_using_subcommand company; and not __fish_seen_subcommand_from create show help" -l state-dir -d 'Where the journal of operations lives' -r -F
complete -c vern -n "__fish_vern_using_subcommand company; and not __fish_seen_subcommand_from create show help" -l color -d 'When to use colour on stderr' -r -f -a "auto\t''
always\t''
never\t''"
complete -c vern -n "__fish_vern_using_subcommand company; and not __fish_seen_subcommand_from create show help" -l rate-limit -d 'Client-side budget: at most N API requests in any 60-second window' -r
complete -c vern -n "__fish_vern_using_subcommand company; and not __fish_seen_subcommand_from create show help" -l timeout -d 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out' -r
complete -c vern -n "__fish_vern_using_subcommand company; and not __fish_seen_subcommand_from create show help" -l json -d 'Print the result as one JSON document on stdout (errors too)'
complete -c vern -n "__fish_vern_using_subcommand company; and not __fish_seen_subcommand_from create show help" -l no-input -d 'Never prompt; a needed answer becomes an error naming the flag to pass'
complete -c vern -n "__fish_vern_using_subcommand company; and not __fish_seen_subcommand_from create show help" -s q -l quiet -d 'Less on stderr (-qq: errors only)'
complete -c vern -n "__fish_vern_using_subcommand company; and not __fish_seen_subcommand_from create show help" -s v -l verbose -d 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
complete -c vern -n "__fish_vern_using_subcommand company; and not __fish_seen_subcommand_from create show help" -l sandbox -d 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)'
complete -c vern -n "__fish_vern_using_subcommand company; and not __fish_seen_subcommand_from create show help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vern -n "__fish_vern_using_subcommand company; and not __fish_seen_subcommand_from create show help" -s V -l version -d 'Print version'
complete -c vern -n "__fish_vern_using_subcommand company; and not __fish_seen_subcommand_from create show help" -f -a "create" -d 'Provision a company: its workbook gets one sheet per template'
complete -c vern -n "__fish_vern_using_subcommand company; and not __fish_seen_subcommand_from create show help" -f -a "show" -d 'What vern knows about a company: its sheets with ids and row counts'
complete -c vern -n "__fish_vern_using_subcommand company; and not __fish_seen_subcommand_from create show help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c vern -n "__fish_vern_using_subcommand company; and __fish_seen_subcommand_from create" -l name -d 'Display name (usually the customer\'s organisation)' -r
complete -c vern -n "__fish_vern_using_subcommand company; and __fish_seen_subcommand_from create" -l source -d 'Source id (see `vern sources list`)' -r
complete -c vern -n "__fish_vern_using_subcommand company; and __fish_seen_subcommand_from create" -l external-id -d 'Your id for the customer: letters, digits, - and _, at most 255; unique in the account' -r
complete -c vern -n "__fish_vern_using_subcommand company; and __fish_seen_subcommand_from create" -l template -d 'Template to include (repeatable; default: every template)' -r
complete -c vern -n "__fish_vern_using_subcommand company; and __fish_seen_subcommand_from create" -l connection -d 'JSON file with the destination connection: {"destination": {"base_url": …, "auth": {…}}}' -r -F
complete -c vern -n "__fish_vern_using_subcommand company; and __fish_seen_subcommand_from create" -l api-url -d 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so' -r
complete -c vern -n "__fish_vern_using_subcommand company; and __fish_seen_subcommand_from create" -l profile -d 'Which stored credential to use' -r
complete -c vern -n "__fish_vern_using_subcommand company; and __fish_seen_subcommand_from create" -l state-dir -d 'Where the journal of operations lives' -r -F
complete -c vern -n "__fish_vern_using_subcommand company; and __fish_seen_subcommand_from create" -l color -d 'When to use colour on stderr' -r -f -a "auto\t''
always\t''
never\t''"
complete -c vern -n "__fish_vern_using_subcommand company; and __fish_seen_subcommand_from create" -l rate-limit -d 'Client-side budget: at most N API requests in any 60-second window' -r
complete -c vern -n "__fish_vern_using_subcommand company; and __fish_seen_subcommand_from create" -l timeout -d 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out' -r
complete -c vern -n "__fish_vern_using_subcommand company; and __fish_seen_subcommand_from create" -l json -d 'Print the result as one JSON document on stdout (errors too)'
complete -c vern -n "__fish_vern_using_subcommand company; and __fish_seen_subcommand_from create" -l no-input -d 'Never prompt; a needed answer becomes an error naming the flag to pass'
complete -c vern -n "__fish_vern_using_subcommand company; and __fish_seen_subcommand_from create" -s q -l quiet -d 'Less on stderr (-qq: errors only)'
complete -c vern -n "__fish_vern_using_subcommand company; and __fish_seen_subcommand_from create" -s v -l verbose -d 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
complete -c vern -n "__fish_vern_using_subcommand company; and __fish_seen_subcommand_from create" -l sandbox -d 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)'
complete -c vern -n "__fish_vern_using_subcommand company; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vern -n "__fish_vern_using_subcommand company; and __fish_seen_subcommand_from create" -s V -l version -d 'Print version'
complete -c vern -n "__fish_vern_using_subcommand company; and __fish_seen_subcommand_from show" -l api-url -d 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so' -r
complete -c vern -n "__fish_vern_using_subcommand company; and __fish_seen_subcommand_from show" -l profile -d 'Which stored credential to use' -r
complete -c vern -n "__fish_vern_using_subcommand company; and __fish_seen_subcommand_from show" -l state-dir -d 'Where the journal of operations lives' -r -F
complete -c vern -n "__fish_vern_using_subcommand company; and __fish_seen_subcommand_from show" -l color -d 'When to use colour on stderr' -r -f -a "auto\t''
always\t''
never\t''"
complete -c vern -n "__fish_vern_using_subcommand company; and __fish_seen_subcommand_from show" -l rate-limit -d 'Client-side budget: at most N API requests in any 60-second window' -r
complete -c vern -n "__fish_vern_using_subcommand company; and __fish_seen_subcommand_from show" -l timeout -d 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out' -r
complete -c vern -n "__fish_vern_using_subcommand company; and __fish_seen_subcommand_from show" -l json -d 'Print the result as one JSON document on stdout (errors too)'
complete -c vern -n "__fish_vern_using_subcommand company; and __fish_seen_subcommand_from show" -l no-input -d 'Never prompt; a needed answer becomes an error naming the flag to pass'
complete -c vern -n "__fish_vern_using_subcommand company; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Less on stderr (-qq: errors only)'
complete -c vern -n "__fish_vern_using_subcommand company; and __fish_seen_subcommand_from show" -s v -l verbose -d 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
complete -c vern -n "__fish_vern_using_subcommand company; and __fish_seen_subcommand_from show" -l sandbox -d 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)'
complete -c vern -n "__fish_vern_using_subcommand company; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vern -n "__fish_vern_using_subcommand company; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c vern -n "__fish_vern_using_subcommand company; and __fish_seen_subcommand_from help" -f -a "create" -d 'Provision a company: its workbook gets one sheet per template'
complete -c vern -n "__fish_vern_using_subcommand company; and __fish_seen_subcommand_from help" -f -a "show" -d 'What vern knows about a company: its sheets with ids and row counts'
complete -c vern -n "__fish_vern_using_subcommand company; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c vern -n "__fish_vern_using_subcommand upload" -l company -d 'Company id' -r
complete -c vern -n "__fish_vern_using_subcommand upload" -l api-url -d 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so' -r
complete -c vern -n "__fish_vern_using_subcommand upload" -l profile -d 'Which stored credential to use' -r
complete -c vern -n "__fish_vern_using_subcommand upload" -l state-dir -d 'Where the journal of operations lives' -r -F
complete -c vern -n "__fish_vern_using_subcommand upload" -l color -d 'When to use colour on stderr' -r -f -a "auto\t''
always\t''
never\t''"
complete -c vern -n "__fish_vern_using_subcommand upload" -l rate-limit -d 'Client-side budget: at most N API requests in any 60-second window' -r
complete -c vern -n "__fish_vern_using_subcommand upload" -l timeout -d 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out' -r
complete -c vern -n "__fish_vern_using_subcommand upload" -l new -d 'Upload again even if an unfinished upload of these files is in the journal'
complete -c vern -n "__fish_vern_using_subcommand upload" -l json -d 'Print the result as one JSON document on stdout (errors too)'
complete -c vern -n "__fish_vern_using_subcommand upload" -l no-input -d 'Never prompt; a needed answer becomes an error naming the flag to pass'
complete -c vern -n "__fish_vern_using_subcommand upload" -s q -l quiet -d 'Less on stderr (-qq: errors only)'
complete -c vern -n "__fish_vern_using_subcommand upload" -s v -l verbose -d 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
complete -c vern -n "__fish_vern_using_subcommand upload" -l sandbox -d 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)'
complete -c vern -n "__fish_vern_using_subcommand upload" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vern -n "__fish_vern_using_subcommand upload" -s V -l version -d 'Print version'
complete -c vern -n "__fish_vern_using_subcommand import" -l company -d 'Company id' -r
complete -c vern -n "__fish_vern_using_subcommand import" -l upload-ref -d 'Import an earlier upload (repeatable); NAME defaults to the ref\'s last segment' -r
complete -c vern -n "__fish_vern_using_subcommand import" -l rows -d 'Inline rows: a JSON array of objects, from FILE or - (stdin)' -r
complete -c vern -n "__fish_vern_using_subcommand import" -l idempotency-key -d 'Idempotency key for the run (default: a generated one, kept in the journal)' -r
complete -c vern -n "__fish_vern_using_subcommand import" -l api-url -d 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so' -r
complete -c vern -n "__fish_vern_using_subcommand import" -l profile -d 'Which stored credential to use' -r
complete -c vern -n "__fish_vern_using_subcommand import" -l state-dir -d 'Where the journal of operations lives' -r -F
complete -c vern -n "__fish_vern_using_subcommand import" -l color -d 'When to use colour on stderr' -r -f -a "auto\t''
always\t''
never\t''"
complete -c vern -n "__fish_vern_using_subcommand import" -l rate-limit -d 'Client-side budget: at most N API requests in any 60-second window' -r
complete -c vern -n "__fish_vern_using_subcommand import" -l timeout -d 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out' -r
complete -c vern -n "__fish_vern_using_subcommand import" -l no-wait -d 'Return once the run is started instead of waiting for it'
complete -c vern -n "__fish_vern_using_subcommand import" -l new -d 'Start a new operation even if an unfinished one matches this command'
complete -c vern -n "__fish_vern_using_subcommand import" -l json -d 'Print the result as one JSON document on stdout (errors too)'
complete -c vern -n "__fish_vern_using_subcommand import" -l no-input -d 'Never prompt; a needed answer becomes an error naming the flag to pass'
complete -c vern -n "__fish_vern_using_subcommand import" -s q -l quiet -d 'Less on stderr (-qq: errors only)'
complete -c vern -n "__fish_vern_using_subcommand import" -s v -l verbose -d 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
complete -c vern -n "__fish_vern_using_subcommand import" -l sandbox -d 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)'
complete -c vern -n "__fish_vern_using_subcommand import" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vern -n "__fish_vern_using_subcommand import" -s V -l version -d 'Print version'
complete -c vern -n "__fish_vern_using_subcommand poll" -l company -d 'Company id' -r
complete -c vern -n "__fish_vern_using_subcommand poll" -l api-url -d 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so' -r
complete -c vern -n "__fish_vern_using_subcommand poll" -l profile -d 'Which stored credential to use' -r
complete -c vern -n "__fish_vern_using_subcommand poll" -l state-dir -d 'Where the journal of operations lives' -r -F
complete -c vern -n "__fish_vern_using_subcommand poll" -l color -d 'When to use colour on stderr' -r -f -a "auto\t''
always\t''
never\t''"
complete -c vern -n "__fish_vern_using_subcommand poll" -l rate-limit -d 'Client-side budget: at most N API requests in any 60-second window' -r
complete -c vern -n "__fish_vern_using_subcommand poll" -l timeout -d 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out' -r
complete -c vern -n "__fish_vern_using_subcommand poll" -l active -d 'Wait for the company\'s import in flight, whatever its id'
complete -c vern -n "__fish_vern_using_subcommand poll" -l export -d 'The run is an export run'
complete -c vern -n "__fish_vern_using_subcommand poll" -l json -d 'Print the result as one JSON document on stdout (errors too)'
complete -c vern -n "__fish_vern_using_subcommand poll" -l no-input -d 'Never prompt; a needed answer becomes an error naming the flag to pass'
complete -c vern -n "__fish_vern_using_subcommand poll" -s q -l quiet -d 'Less on stderr (-qq: errors only)'
complete -c vern -n "__fish_vern_using_subcommand poll" -s v -l verbose -d 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
complete -c vern -n "__fish_vern_using_subcommand poll" -l sandbox -d 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)'
complete -c vern -n "__fish_vern_using_subcommand poll" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vern -n "__fish_vern_using_subcommand poll" -s V -l version -d 'Print version'
complete -c vern -n "__fish_vern_using_subcommand wait" -l company -d 'Company id' -r
complete -c vern -n "__fish_vern_using_subcommand wait" -l api-url -d 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so' -r
complete -c vern -n "__fish_vern_using_subcommand wait" -l profile -d 'Which stored credential to use' -r
complete -c vern -n "__fish_vern_using_subcommand wait" -l state-dir -d 'Where the journal of operations lives' -r -F
complete -c vern -n "__fish_vern_using_subcommand wait" -l color -d 'When to use colour on stderr' -r -f -a "auto\t''
always\t''
never\t''"
complete -c vern -n "__fish_vern_using_subcommand wait" -l rate-limit -d 'Client-side budget: at most N API requests in any 60-second window' -r
complete -c vern -n "__fish_vern_using_subcommand wait" -l timeout -d 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out' -r
complete -c vern -n "__fish_vern_using_subcommand wait" -l active -d 'Wait for the company\'s import in flight, whatever its id'
complete -c vern -n "__fish_vern_using_subcommand wait" -l export -d 'The run is an export run'
complete -c vern -n "__fish_vern_using_subcommand wait" -l json -d 'Print the result as one JSON document on stdout (errors too)'
complete -c vern -n "__fish_vern_using_subcommand wait" -l no-input -d 'Never prompt; a needed answer becomes an error naming the flag to pass'
complete -c vern -n "__fish_vern_using_subcommand wait" -s q -l quiet -d 'Less on stderr (-qq: errors only)'
complete -c vern -n "__fish_vern_using_subcommand wait" -s v -l verbose -d 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
complete -c vern -n "__fish_vern_using_subcommand wait" -l sandbox -d 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)'
complete -c vern -n "__fish_vern_using_subcommand wait" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vern -n "__fish_vern_using_subcommand wait" -s V -l version -d 'Print version'
complete -c vern -n "__fish_vern_using_subcommand approve" -l company -d 'Company id' -r
complete -c vern -n "__fish_vern_using_subcommand approve" -l answer -d 'Answer a question (repeatable): QID=VALUE' -r
complete -c vern -n "__fish_vern_using_subcommand approve" -l message -d 'A free-form instruction for a blocked (or running) run' -r
complete -c vern -n "__fish_vern_using_subcommand approve" -l expect-patch -d 'Refuse unless the proposal\'s patch hash is still HASH' -r
complete -c vern -n "__fish_vern_using_subcommand approve" -l note -d 'Why: recorded with the decision in the journal (`vern runs show` prints it)' -r
complete -c vern -n "__fish_vern_using_subcommand approve" -l api-url -d 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so' -r
complete -c vern -n "__fish_vern_using_subcommand approve" -l profile -d 'Which stored credential to use' -r
complete -c vern -n "__fish_vern_using_subcommand approve" -l state-dir -d 'Where the journal of operations lives' -r -F
complete -c vern -n "__fish_vern_using_subcommand approve" -l color -d 'When to use colour on stderr' -r -f -a "auto\t''
always\t''
never\t''"
complete -c vern -n "__fish_vern_using_subcommand approve" -l rate-limit -d 'Client-side budget: at most N API requests in any 60-second window' -r
complete -c vern -n "__fish_vern_using_subcommand approve" -l timeout -d 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out' -r
complete -c vern -n "__fish_vern_using_subcommand approve" -l accept -d 'Apply the proposed fix as shown'
complete -c vern -n "__fish_vern_using_subcommand approve" -l reject -d 'Decline any fix; flagged rows stay flagged and out of the valid export'
complete -c vern -n "__fish_vern_using_subcommand approve" -l no-wait -d 'Return once the decision is sent instead of waiting for the run'
complete -c vern -n "__fish_vern_using_subcommand approve" -l json -d 'Print the result as one JSON document on stdout (errors too)'
complete -c vern -n "__fish_vern_using_subcommand approve" -l no-input -d 'Never prompt; a needed answer becomes an error naming the flag to pass'
complete -c vern -n "__fish_vern_using_subcommand approve" -s q -l quiet -d 'Less on stderr (-qq: errors only)'
complete -c vern -n "__fish_vern_using_subcommand approve" -s v -l verbose -d 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
complete -c vern -n "__fish_vern_using_subcommand approve" -l sandbox -d 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)'
complete -c vern -n "__fish_vern_using_subcommand approve" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vern -n "__fish_vern_using_subcommand approve" -s V -l version -d 'Print version'
complete -c vern -n "__fish_vern_using_subcommand export" -l company -d 'Company id' -r
complete -c vern -n "__fish_vern_using_subcommand export" -l mode -d 'canary (first row of each template) or full' -r -f -a "canary\t'The first row of each template: a smoke test of the destination'
full\t'Every validated row'"
complete -c vern -n "__fish_vern_using_subcommand export" -l template -d 'Only this template (repeatable)' -r
complete -c vern -n "__fish_vern_using_subcommand export" -l row-filter -d 'Only rows matching this JSON object: {"Column": "value" or ["values"]}' -r
complete -c vern -n "__fish_vern_using_subcommand export" -l report -d 'Write every result row to FILE' -r -F
complete -c vern -n "__fish_vern_using_subcommand export" -l report-format -d 'The report\'s format (default: jsonl for a .jsonl/.ndjson/.json name, else csv)' -r -f -a "csv\t''
jsonl\t''"
complete -c vern -n "__fish_vern_using_subcommand export" -l idempotency-key -d 'Idempotency key for the run (default: a generated one)' -r
complete -c vern -n "__fish_vern_using_subcommand export" -l max-rows -d 'Refuse a run that would write more than N rows (exit 8, nothing sent)' -r
complete -c vern -n "__fish_vern_using_subcommand export" -l api-url -d 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so' -r
complete -c vern -n "__fish_vern_using_subcommand export" -l profile -d 'Which stored credential to use' -r
complete -c vern -n "__fish_vern_using_subcommand export" -l state-dir -d 'Where the journal of operations lives' -r -F
complete -c vern -n "__fish_vern_using_subcommand export" -l color -d 'When to use colour on stderr' -r -f -a "auto\t''
always\t''
never\t''"
complete -c vern -n "__fish_vern_using_subcommand export" -l rate-limit -d 'Client-side budget: at most N API requests in any 60-second window' -r
complete -c vern -n "__fish_vern_using_subcommand export" -l timeout -d 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out' -r
complete -c vern -n "__fish_vern_using_subcommand export" -l allow-failures -d 'Exit 0 even when writes failed or came back hollow'
complete -c vern -n "__fish_vern_using_subcommand export" -l new -d 'Start a new operation even if an unfinished one matches this command'
complete -c vern -n "__fish_vern_using_subcommand export" -s y -l yes -d 'Export again even though a full export already ran for this company'
complete -c vern -n "__fish_vern_using_subcommand export" -l plan -d 'Print how many rows the run would write (per template, from the last completed import vern knows) and send nothing'
complete -c vern -n "__fish_vern_using_subcommand export" -l json -d 'Print the result as one JSON document on stdout (errors too)'
complete -c vern -n "__fish_vern_using_subcommand export" -l no-input -d 'Never prompt; a needed answer becomes an error naming the flag to pass'
complete -c vern -n "__fish_vern_using_subcommand export" -s q -l quiet -d 'Less on stderr (-qq: errors only)'
complete -c vern -n "__fish_vern_using_subcommand export" -s v -l verbose -d 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
complete -c vern -n "__fish_vern_using_subcommand export" -l sandbox -d 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)'
complete -c vern -n "__fish_vern_using_subcommand export" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vern -n "__fish_vern_using_subcommand export" -s V -l version -d 'Print version'
complete -c vern -n "__fish_vern_using_subcommand download" -l company -d 'Company id' -r
complete -c vern -n "__fish_vern_using_subcommand download" -l sheet -d 'Sheet id, or its name as the workbook names it (Contacts; case does not matter), looked up in what vern knows about the company (see `vern company show`)' -r
complete -c vern -n "__fish_vern_using_subcommand download" -l filter -d 'valid (clean rows only) or all' -r -f -a "valid\t'Only fully clean rows'
all\t'Every row, including flagged ones'"
complete -c vern -n "__fish_vern_using_subcommand download" -s o -l output -d 'Output file, directory, or - for stdout (default: the server\'s file name, here)' -r -F
complete -c vern -n "__fish_vern_using_subcommand download" -l api-url -d 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so' -r
complete -c vern -n "__fish_vern_using_subcommand download" -l profile -d 'Which stored credential to use' -r
complete -c vern -n "__fish_vern_using_subcommand download" -l state-dir -d 'Where the journal of operations lives' -r -F
complete -c vern -n "__fish_vern_using_subcommand download" -l color -d 'When to use colour on stderr' -r -f -a "auto\t''
always\t''
never\t''"
complete -c vern -n "__fish_vern_using_subcommand download" -l rate-limit -d 'Client-side budget: at most N API requests in any 60-second window' -r
complete -c vern -n "__fish_vern_using_subcommand download" -l timeout -d 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out' -r
complete -c vern -n "__fish_vern_using_subcommand download" -l force -d 'Replace an existing file of the name the server suggests (without -o, or with -o DIR)'
complete -c vern -n "__fish_vern_using_subcommand download" -l json -d 'Print the result as one JSON document on stdout (errors too)'
complete -c vern -n "__fish_vern_using_subcommand download" -l no-input -d 'Never prompt; a needed answer becomes an error naming the flag to pass'
complete -c vern -n "__fish_vern_using_subcommand download" -s q -l quiet -d 'Less on stderr (-qq: errors only)'
complete -c vern -n "__fish_vern_using_subcommand download" -s v -l verbose -d 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
complete -c vern -n "__fish_vern_using_subcommand download" -l sandbox -d 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)'
complete -c vern -n "__fish_vern_using_subcommand download" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vern -n "__fish_vern_using_subcommand download" -s V -l version -d 'Print version'
complete -c vern -n "__fish_vern_using_subcommand migrate" -l manifest -d 'Run many migrations: one company per row of FILE (CSV with a header, or JSON lines)' -r -F
complete -c vern -n "__fish_vern_using_subcommand migrate" -l concurrency -d 'Migrations run at once in fleet mode, sharing the one rate budget' -r
complete -c vern -n "__fish_vern_using_subcommand migrate" -l shard -d 'Take shard I of N of the manifest (every N-th row from the I-th), to split a fleet across jobs' -r
complete -c vern -n "__fish_vern_using_subcommand migrate" -l company -d 'An existing company' -r
complete -c vern -n "__fish_vern_using_subcommand migrate" -l name -d 'Provision a company with this name first' -r
complete -c vern -n "__fish_vern_using_subcommand migrate" -l source -d 'Source of the company to provision (default with --sandbox: the seeded HubSpot source)' -r
complete -c vern -n "__fish_vern_using_subcommand migrate" -l external-id -d 'External id of the company to provision (default: one derived from the operation id)' -r
complete -c vern -n "__fish_vern_using_subcommand migrate" -l template -d 'Template of the company to provision (repeatable; default: all)' -r
complete -c vern -n "__fish_vern_using_subcommand migrate" -l connection -d 'Destination connection of the company to provision (JSON file)' -r -F
complete -c vern -n "__fish_vern_using_subcommand migrate" -l approve -d 'What to do when the import needs attention' -r -f -a "ask\t'Review on the terminal; elsewhere stop like `never`'
accept\t'Apply the proposed fix'
reject\t'Decline the fix; flagged rows stay out of the valid export'
never\t'Stop with exit 5 and the command that continues'"
complete -c vern -n "__fish_vern_using_subcommand migrate" -l export -d 'How far to export: none, canary, or full (canary first unless --no-canary)' -r -f -a "none\t''
canary\t''
full\t''"
complete -c vern -n "__fish_vern_using_subcommand migrate" -l download -d 'Download the valid CSV of every sheet into DIR as <sheet>.csv (never over an input file)' -r -F
complete -c vern -n "__fish_vern_using_subcommand migrate" -l deliver -d 'Deliver the valid rows of every sheet to DEST, as `vern deliver` does (last)' -r
complete -c vern -n "__fish_vern_using_subcommand migrate" -l format -d 'The delivered files\' format: csv, json, jsonl or xml (with --deliver)' -r -f -a "csv\t'The CSV as served (header = the template\'s column names)'
json\t'One JSON array of objects keyed by column name'
jsonl\t'One JSON object per line'
xml\t'<rows sheet=…><row><field name=…>…</field></row></rows>'"
complete -c vern -n "__fish_vern_using_subcommand migrate" -l deliver-name -d 'The delivered files\' names, as `vern deliver --name` (with --deliver; --name names the company)' -r
complete -c vern -n "__fish_vern_using_subcommand migrate" -l api-url -d 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so' -r
complete -c vern -n "__fish_vern_using_subcommand migrate" -l profile -d 'Which stored credential to use' -r
complete -c vern -n "__fish_vern_using_subcommand migrate" -l state-dir -d 'Where the journal of operations lives' -r -F
complete -c vern -n "__fish_vern_using_subcommand migrate" -l color -d 'When to use colour on stderr' -r -f -a "auto\t''
always\t''
never\t''"
complete -c vern -n "__fish_vern_using_subcommand migrate" -l rate-limit -d 'Client-side budget: at most N API requests in any 60-second window' -r
complete -c vern -n "__fish_vern_using_subcommand migrate" -l timeout -d 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out' -r
complete -c vern -n "__fish_vern_using_subcommand migrate" -l no-canary -d 'Skip the canary before a full export (and its gate)'
complete -c vern -n "__fish_vern_using_subcommand migrate" -l gzip -d 'Compress each delivered file with gzip (with --deliver)'
complete -c vern -n "__fish_vern_using_subcommand migrate" -l allow-failures -d 'Exit 0 even when export writes failed or came back hollow'
complete -c vern -n "__fish_vern_using_subcommand migrate" -l new -d 'Start a new operation even if an unfinished one matches this command'
complete -c vern -n "__fish_vern_using_subcommand migrate" -l plan -d 'Print the steps the migration would still run, with what can be known before the data exists, and send nothing'
complete -c vern -n "__fish_vern_using_subcommand migrate" -l json -d 'Print the result as one JSON document on stdout (errors too)'
complete -c vern -n "__fish_vern_using_subcommand migrate" -l no-input -d 'Never prompt; a needed answer becomes an error naming the flag to pass'
complete -c vern -n "__fish_vern_using_subcommand migrate" -s q -l quiet -d 'Less on stderr (-qq: errors only)'
complete -c vern -n "__fish_vern_using_subcommand migrate" -s v -l verbose -d 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
complete -c vern -n "__fish_vern_using_subcommand migrate" -l sandbox -d 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)'
complete -c vern -n "__fish_vern_using_subcommand migrate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vern -n "__fish_vern_using_subcommand migrate" -s V -l version -d 'Print version'
complete -c vern -n "__fish_vern_using_subcommand deliver" -l company -d 'Company id' -r
complete -c vern -n "__fish_vern_using_subcommand deliver" -l to -d 'Where: DIR, file:///abs/dir, s3://BUCKET/PREFIX, az://CONTAINER/PREFIX, sftp://USER@HOST[:PORT]/PATH, https://HOST/PATH (a webhook)' -r
complete -c vern -n "__fish_vern_using_subcommand deliver" -l sheet -d 'Only this sheet, by id or name (repeatable; default: every sheet vern knows)' -r
complete -c vern -n "__fish_vern_using_subcommand deliver" -l filter -d 'valid (clean rows only) or all' -r -f -a "valid\t'Only fully clean rows'
all\t'Every row, including flagged ones'"
complete -c vern -n "__fish_vern_using_subcommand deliver" -l format -d 'csv, json, jsonl or xml' -r -f -a "csv\t'The CSV as served (header = the template\'s column names)'
json\t'One JSON array of objects keyed by column name'
jsonl\t'One JSON object per line'
xml\t'<rows sheet=…><row><field name=…>…</field></row></rows>'"
complete -c vern -n "__fish_vern_using_subcommand deliver" -l name -d 'File names: {company} {external_id} {sheet} {sheet_id} {date} {time} {run} {ext}' -r
complete -c vern -n "__fish_vern_using_subcommand deliver" -l if-exists -d 'What a name that already exists means: fail (exit 7, nothing written), skip, overwrite' -r -f -a "fail\t'Refuse (exit 7), writing nothing under that name'
skip\t'Leave it and report it'
overwrite\t'Replace it'"
complete -c vern -n "__fish_vern_using_subcommand deliver" -l mode -d 'snapshot (every row) or delta (only rows new or changed since the last delivery there)' -r -f -a "snapshot\t'Every selected row'
delta\t'Only rows new or changed since the last delivery of the sheet to this destination'"
complete -c vern -n "__fish_vern_using_subcommand deliver" -l key -d 'The column that identifies a row in delta mode (repeatable; default: the template\'s unique columns)' -r
complete -c vern -n "__fish_vern_using_subcommand deliver" -l batch-size -d 'Webhooks: rows per batch, 1 to 10,000 (default 1,000)' -r
complete -c vern -n "__fish_vern_using_subcommand deliver" -l webhook-secret -d 'Webhooks: sign with the secret stored as NAME (vern auth login --webhook-secret NAME) instead of VERN_WEBHOOK_SECRET' -r
complete -c vern -n "__fish_vern_using_subcommand deliver" -l plan-out -d 'Save the plan to FILE (implies --plan), for --apply' -r -F
complete -c vern -n "__fish_vern_using_subcommand deliver" -l apply -d 'Run exactly the plan saved in FILE; refused (exit 8) when the rows or the ledger changed' -r -F
complete -c vern -n "__fish_vern_using_subcommand deliver" -l max-rows -d 'Refuse a run that would send more than N rows (exit 8, nothing sent)' -r
complete -c vern -n "__fish_vern_using_subcommand deliver" -l cap-behavior -d 'Over --max-rows: refuse the run, or (delta) send the first N rows in key order' -r -f -a "refuse\t'Refuse the whole run (exit 8, nothing sent)'
defer\t'Send the first N rows in key order, leave the rest for the next run (delta mode)'"
complete -c vern -n "__fish_vern_using_subcommand deliver" -l ssh-key -d 'Log in with this private key file (also VERN_SSH_KEY; default: the SSH agent). A passphrase comes from VERN_SSH_KEY_PASSPHRASE, or is asked on a terminal' -r -F
complete -c vern -n "__fish_vern_using_subcommand deliver" -l known-hosts -d 'Check the server\'s host key against this file (default: ~/.ssh/known_hosts and /etc/ssh/ssh_known_hosts)' -r -F
complete -c vern -n "__fish_vern_using_subcommand deliver" -l api-url -d 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so' -r
complete -c vern -n "__fish_vern_using_subcommand deliver" -l profile -d 'Which stored credential to use' -r
complete -c vern -n "__fish_vern_using_subcommand deliver" -l state-dir -d 'Where the journal of operations lives' -r -F
complete -c vern -n "__fish_vern_using_subcommand deliver" -l color -d 'When to use colour on stderr' -r -f -a "auto\t''
always\t''
never\t''"
complete -c vern -n "__fish_vern_using_subcommand deliver" -l rate-limit -d 'Client-side budget: at most N API requests in any 60-second window' -r
complete -c vern -n "__fish_vern_using_subcommand deliver" -l timeout -d 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out' -r
complete -c vern -n "__fish_vern_using_subcommand deliver" -l gzip -d 'Compress each file with gzip (adds .gz)'
complete -c vern -n "__fish_vern_using_subcommand deliver" -l no-manifest -d 'Do not write the manifest'
complete -c vern -n "__fish_vern_using_subcommand deliver" -l allow-failures -d 'Exit 0 even when characters XML forbids were dropped or webhook batches were refused'
complete -c vern -n "__fish_vern_using_subcommand deliver" -l new -d 'Deliver again even though this command already completed'
complete -c vern -n "__fish_vern_using_subcommand deliver" -l plan -d 'Print what the run would send (rows, new/changed/unchanged/removed, exact bytes, files or webhook batches, requests) and send nothing; a webhook plan needs no signing secret'
complete -c vern -n "__fish_vern_using_subcommand deliver" -l accept-new-host-key -d 'Record the host key of a server the known_hosts file does not list yet, like OpenSSH\'s StrictHostKeyChecking=accept-new (a changed key is always refused)'
complete -c vern -n "__fish_vern_using_subcommand deliver" -l json -d 'Print the result as one JSON document on stdout (errors too)'
complete -c vern -n "__fish_vern_using_subcommand deliver" -l no-input -d 'Never prompt; a needed answer becomes an error naming the flag to pass'
complete -c vern -n "__fish_vern_using_subcommand deliver" -s q -l quiet -d 'Less on stderr (-qq: errors only)'
complete -c vern -n "__fish_vern_using_subcommand deliver" -s v -l verbose -d 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
complete -c vern -n "__fish_vern_using_subcommand deliver" -l sandbox -d 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)'
complete -c vern -n "__fish_vern_using_subcommand deliver" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vern -n "__fish_vern_using_subcommand deliver" -s V -l version -d 'Print version'
complete -c vern -n "__fish_vern_using_subcommand jobs; and not __fish_seen_subcommand_from create list show update delete pause resume runs run run-due serve schedule apply export help" -l api-url -d 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and not __fish_seen_subcommand_from create list show update delete pause resume runs run run-due serve schedule apply export help" -l profile -d 'Which stored credential to use' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and not __fish_seen_subcommand_from create list show update delete pause resume runs run run-due serve schedule apply export help" -l state-dir -d 'Where the journal of operations lives' -r -F
complete -c vern -n "__fish_vern_using_subcommand jobs; and not __fish_seen_subcommand_from create list show update delete pause resume runs run run-due serve schedule apply export help" -l color -d 'When to use colour on stderr' -r -f -a "auto\t''
always\t''
never\t''"
complete -c vern -n "__fish_vern_using_subcommand jobs; and not __fish_seen_subcommand_from create list show update delete pause resume runs run run-due serve schedule apply export help" -l rate-limit -d 'Client-side budget: at most N API requests in any 60-second window' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and not __fish_seen_subcommand_from create list show update delete pause resume runs run run-due serve schedule apply export help" -l timeout -d 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and not __fish_seen_subcommand_from create list show update delete pause resume runs run run-due serve schedule apply export help" -l json -d 'Print the result as one JSON document on stdout (errors too)'
complete -c vern -n "__fish_vern_using_subcommand jobs; and not __fish_seen_subcommand_from create list show update delete pause resume runs run run-due serve schedule apply export help" -l no-input -d 'Never prompt; a needed answer becomes an error naming the flag to pass'
complete -c vern -n "__fish_vern_using_subcommand jobs; and not __fish_seen_subcommand_from create list show update delete pause resume runs run run-due serve schedule apply export help" -s q -l quiet -d 'Less on stderr (-qq: errors only)'
complete -c vern -n "__fish_vern_using_subcommand jobs; and not __fish_seen_subcommand_from create list show update delete pause resume runs run run-due serve schedule apply export help" -s v -l verbose -d 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
complete -c vern -n "__fish_vern_using_subcommand jobs; and not __fish_seen_subcommand_from create list show update delete pause resume runs run run-due serve schedule apply export help" -l sandbox -d 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)'
complete -c vern -n "__fish_vern_using_subcommand jobs; and not __fish_seen_subcommand_from create list show update delete pause resume runs run run-due serve schedule apply export help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vern -n "__fish_vern_using_subcommand jobs; and not __fish_seen_subcommand_from create list show update delete pause resume runs run run-due serve schedule apply export help" -s V -l version -d 'Print version'
complete -c vern -n "__fish_vern_using_subcommand jobs; and not __fish_seen_subcommand_from create list show update delete pause resume runs run run-due serve schedule apply export help" -f -a "create" -d 'Save a job: a delivery on a cron schedule in a time zone'
complete -c vern -n "__fish_vern_using_subcommand jobs; and not __fish_seen_subcommand_from create list show update delete pause resume runs run run-due serve schedule apply export help" -f -a "list" -d 'Every job: destination, schedule, state, last run, next fire time'
complete -c vern -n "__fish_vern_using_subcommand jobs; and not __fish_seen_subcommand_from create list show update delete pause resume runs run run-due serve schedule apply export help" -f -a "show" -d 'One job, its next five fire times and its last runs'
complete -c vern -n "__fish_vern_using_subcommand jobs; and not __fish_seen_subcommand_from create list show update delete pause resume runs run run-due serve schedule apply export help" -f -a "update" -d 'Change some fields of a job'
complete -c vern -n "__fish_vern_using_subcommand jobs; and not __fish_seen_subcommand_from create list show update delete pause resume runs run run-due serve schedule apply export help" -f -a "delete" -d 'Delete a job and its run history'
complete -c vern -n "__fish_vern_using_subcommand jobs; and not __fish_seen_subcommand_from create list show update delete pause resume runs run run-due serve schedule apply export help" -f -a "pause" -d 'Stop a job\'s schedule'
complete -c vern -n "__fish_vern_using_subcommand jobs; and not __fish_seen_subcommand_from create list show update delete pause resume runs run run-due serve schedule apply export help" -f -a "resume" -d 'Restart a job\'s schedule from now'
complete -c vern -n "__fish_vern_using_subcommand jobs; and not __fish_seen_subcommand_from create list show update delete pause resume runs run run-due serve schedule apply export help" -f -a "runs" -d 'A job\'s run history, most recent first'
complete -c vern -n "__fish_vern_using_subcommand jobs; and not __fish_seen_subcommand_from create list show update delete pause resume runs run run-due serve schedule apply export help" -f -a "run" -d 'Run a job now'
complete -c vern -n "__fish_vern_using_subcommand jobs; and not __fish_seen_subcommand_from create list show update delete pause resume runs run run-due serve schedule apply export help" -f -a "run-due" -d 'Run every active job whose fire time has come (for cron, CI, Kubernetes)'
complete -c vern -n "__fish_vern_using_subcommand jobs; and not __fish_seen_subcommand_from create list show update delete pause resume runs run run-due serve schedule apply export help" -f -a "serve" -d 'A foreground scheduler, with an optional HTTP API'
complete -c vern -n "__fish_vern_using_subcommand jobs; and not __fish_seen_subcommand_from create list show update delete pause resume runs run run-due serve schedule apply export help" -f -a "schedule" -d 'Print a wrapper that calls run-due from crontab, GitHub, Kubernetes or systemd'
complete -c vern -n "__fish_vern_using_subcommand jobs; and not __fish_seen_subcommand_from create list show update delete pause resume runs run run-due serve schedule apply export help" -f -a "apply" -d 'Declare jobs from a JSON file (upsert by name)'
complete -c vern -n "__fish_vern_using_subcommand jobs; and not __fish_seen_subcommand_from create list show update delete pause resume runs run run-due serve schedule apply export help" -f -a "export" -d 'Print every job in the file format of `jobs apply`'
complete -c vern -n "__fish_vern_using_subcommand jobs; and not __fish_seen_subcommand_from create list show update delete pause resume runs run run-due serve schedule apply export help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from create" -l company -d 'Company id' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from create" -l to -d 'Where: DIR, file:///abs/dir, s3://BUCKET/PREFIX, az://CONTAINER/PREFIX' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from create" -l schedule -d 'When: 5-field cron (minute hour day-of-month month day-of-week) or @hourly/@daily/@weekly/@monthly' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from create" -l tz -d 'The schedule\'s IANA time zone (Europe/Berlin, America/New_York) [default: UTC]' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from create" -l description -d 'What the job is for' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from create" -l sheet -d 'Only this sheet, by id or name (repeatable; default: every sheet vern knows at run time)' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from create" -l filter -d 'valid (clean rows only) or all' -r -f -a "valid\t'Only fully clean rows'
all\t'Every row, including flagged ones'"
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from create" -l format -d 'csv, json, jsonl or xml' -r -f -a "csv\t'The CSV as served (header = the template\'s column names)'
json\t'One JSON array of objects keyed by column name'
jsonl\t'One JSON object per line'
xml\t'<rows sheet=…><row><field name=…>…</field></row></rows>'"
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from create" -l gzip -d 'Compress each file with gzip (--gzip=false turns it off)' -r -f -a "true\t''
false\t''"
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from create" -l name -d 'File names: {company} {external_id} {sheet} {sheet_id} {date} {time} {run} {ext}; {date} and {time} are the fire time in UTC [default: {sheet}-{date}T{time}.{ext}]' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from create" -l if-exists -d 'What a name that already exists means: fail, skip, overwrite [default: fail]' -r -f -a "fail\t'Refuse (exit 7), writing nothing under that name'
skip\t'Leave it and report it'
overwrite\t'Replace it'"
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from create" -l mode -d 'snapshot (every row) or delta (only rows new or changed since the last delivery there)' -r -f -a "snapshot\t'Every selected row'
delta\t'Only rows new or changed since the last delivery of the sheet to this destination'"
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from create" -l key -d 'The column that identifies a row in delta mode (repeatable)' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from create" -l no-manifest -d 'Do not write the manifest (--no-manifest=false writes it again)' -r -f -a "true\t''
false\t''"
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from create" -l max-rows -d 'Refuse a run that would send more than N rows (exit 8); `none` removes the cap' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from create" -l allow-failures -d 'Exit 0 even when characters XML forbids were dropped' -r -f -a "true\t''
false\t''"
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from create" -l catch-up -d 'What run-due does with fire times that passed unrun: latest, all, none [default: latest]' -r -f -a "latest\t'Run once, for the newest missed fire time (the others are recorded as missed)'
all\t'Run every missed fire time, oldest first'
none\t'Run none of them: they are recorded as missed'"
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from create" -l deadline -d 'Fire times older than this are recorded as missed, not run [default: 24h]' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from create" -l now -d 'Pretend it is this moment (RFC 3339, e.g. 2026-03-08T07:00:00Z): for tests and rehearsals' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from create" -l api-url -d 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from create" -l profile -d 'Which stored credential to use' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from create" -l state-dir -d 'Where the journal of operations lives' -r -F
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from create" -l color -d 'When to use colour on stderr' -r -f -a "auto\t''
always\t''
never\t''"
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from create" -l rate-limit -d 'Client-side budget: at most N API requests in any 60-second window' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from create" -l timeout -d 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from create" -l paused -d 'Save it paused (resume with `vern jobs resume`)'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from create" -l json -d 'Print the result as one JSON document on stdout (errors too)'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from create" -l no-input -d 'Never prompt; a needed answer becomes an error naming the flag to pass'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from create" -s q -l quiet -d 'Less on stderr (-qq: errors only)'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from create" -s v -l verbose -d 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from create" -l sandbox -d 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from create" -s V -l version -d 'Print version'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from list" -l now -d 'Pretend it is this moment (RFC 3339, e.g. 2026-03-08T07:00:00Z): for tests and rehearsals' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from list" -l api-url -d 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from list" -l profile -d 'Which stored credential to use' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from list" -l state-dir -d 'Where the journal of operations lives' -r -F
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from list" -l color -d 'When to use colour on stderr' -r -f -a "auto\t''
always\t''
never\t''"
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from list" -l rate-limit -d 'Client-side budget: at most N API requests in any 60-second window' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from list" -l timeout -d 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from list" -l json -d 'Print the result as one JSON document on stdout (errors too)'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from list" -l no-input -d 'Never prompt; a needed answer becomes an error naming the flag to pass'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Less on stderr (-qq: errors only)'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from list" -l sandbox -d 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from show" -l runs -d 'How many of its last runs to show' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from show" -l now -d 'Pretend it is this moment (RFC 3339, e.g. 2026-03-08T07:00:00Z): for tests and rehearsals' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from show" -l api-url -d 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from show" -l profile -d 'Which stored credential to use' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from show" -l state-dir -d 'Where the journal of operations lives' -r -F
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from show" -l color -d 'When to use colour on stderr' -r -f -a "auto\t''
always\t''
never\t''"
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from show" -l rate-limit -d 'Client-side budget: at most N API requests in any 60-second window' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from show" -l timeout -d 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from show" -l json -d 'Print the result as one JSON document on stdout (errors too)'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from show" -l no-input -d 'Never prompt; a needed answer becomes an error naming the flag to pass'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Less on stderr (-qq: errors only)'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from show" -s v -l verbose -d 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from show" -l sandbox -d 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from update" -l rename -d 'A new name' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from update" -l company -d 'A new company id' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from update" -l to -d 'A new destination' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from update" -l schedule -d 'A new schedule (restarts it from now)' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from update" -l tz -d 'A new time zone (restarts the schedule from now)' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from update" -l description -d 'A new description (\'\' removes it)' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from update" -l sheet -d 'Only this sheet, by id or name (repeatable; default: every sheet vern knows at run time)' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from update" -l filter -d 'valid (clean rows only) or all' -r -f -a "valid\t'Only fully clean rows'
all\t'Every row, including flagged ones'"
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from update" -l format -d 'csv, json, jsonl or xml' -r -f -a "csv\t'The CSV as served (header = the template\'s column names)'
json\t'One JSON array of objects keyed by column name'
jsonl\t'One JSON object per line'
xml\t'<rows sheet=…><row><field name=…>…</field></row></rows>'"
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from update" -l gzip -d 'Compress each file with gzip (--gzip=false turns it off)' -r -f -a "true\t''
false\t''"
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from update" -l name -d 'File names: {company} {external_id} {sheet} {sheet_id} {date} {time} {run} {ext}; {date} and {time} are the fire time in UTC [default: {sheet}-{date}T{time}.{ext}]' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from update" -l if-exists -d 'What a name that already exists means: fail, skip, overwrite [default: fail]' -r -f -a "fail\t'Refuse (exit 7), writing nothing under that name'
skip\t'Leave it and report it'
overwrite\t'Replace it'"
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from update" -l mode -d 'snapshot (every row) or delta (only rows new or changed since the last delivery there)' -r -f -a "snapshot\t'Every selected row'
delta\t'Only rows new or changed since the last delivery of the sheet to this destination'"
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from update" -l key -d 'The column that identifies a row in delta mode (repeatable)' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from update" -l no-manifest -d 'Do not write the manifest (--no-manifest=false writes it again)' -r -f -a "true\t''
false\t''"
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from update" -l max-rows -d 'Refuse a run that would send more than N rows (exit 8); `none` removes the cap' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from update" -l allow-failures -d 'Exit 0 even when characters XML forbids were dropped' -r -f -a "true\t''
false\t''"
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from update" -l catch-up -d 'What run-due does with fire times that passed unrun: latest, all, none [default: latest]' -r -f -a "latest\t'Run once, for the newest missed fire time (the others are recorded as missed)'
all\t'Run every missed fire time, oldest first'
none\t'Run none of them: they are recorded as missed'"
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from update" -l deadline -d 'Fire times older than this are recorded as missed, not run [default: 24h]' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from update" -l now -d 'Pretend it is this moment (RFC 3339, e.g. 2026-03-08T07:00:00Z): for tests and rehearsals' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from update" -l api-url -d 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from update" -l profile -d 'Which stored credential to use' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from update" -l state-dir -d 'Where the journal of operations lives' -r -F
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from update" -l color -d 'When to use colour on stderr' -r -f -a "auto\t''
always\t''
never\t''"
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from update" -l rate-limit -d 'Client-side budget: at most N API requests in any 60-second window' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from update" -l timeout -d 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from update" -l all-sheets -d 'Deliver every sheet vern knows (empties --sheet)'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from update" -l json -d 'Print the result as one JSON document on stdout (errors too)'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from update" -l no-input -d 'Never prompt; a needed answer becomes an error naming the flag to pass'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from update" -s q -l quiet -d 'Less on stderr (-qq: errors only)'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from update" -s v -l verbose -d 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from update" -l sandbox -d 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from update" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from update" -s V -l version -d 'Print version'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from delete" -l api-url -d 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from delete" -l profile -d 'Which stored credential to use' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from delete" -l state-dir -d 'Where the journal of operations lives' -r -F
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from delete" -l color -d 'When to use colour on stderr' -r -f -a "auto\t''
always\t''
never\t''"
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from delete" -l rate-limit -d 'Client-side budget: at most N API requests in any 60-second window' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from delete" -l timeout -d 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from delete" -s y -l yes -d 'Do not ask'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from delete" -l json -d 'Print the result as one JSON document on stdout (errors too)'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from delete" -l no-input -d 'Never prompt; a needed answer becomes an error naming the flag to pass'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from delete" -s q -l quiet -d 'Less on stderr (-qq: errors only)'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from delete" -s v -l verbose -d 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from delete" -l sandbox -d 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from delete" -s V -l version -d 'Print version'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from pause" -l now -d 'Pretend it is this moment (RFC 3339, e.g. 2026-03-08T07:00:00Z): for tests and rehearsals' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from pause" -l api-url -d 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from pause" -l profile -d 'Which stored credential to use' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from pause" -l state-dir -d 'Where the journal of operations lives' -r -F
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from pause" -l color -d 'When to use colour on stderr' -r -f -a "auto\t''
always\t''
never\t''"
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from pause" -l rate-limit -d 'Client-side budget: at most N API requests in any 60-second window' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from pause" -l timeout -d 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from pause" -l json -d 'Print the result as one JSON document on stdout (errors too)'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from pause" -l no-input -d 'Never prompt; a needed answer becomes an error naming the flag to pass'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from pause" -s q -l quiet -d 'Less on stderr (-qq: errors only)'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from pause" -s v -l verbose -d 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from pause" -l sandbox -d 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from pause" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from pause" -s V -l version -d 'Print version'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from resume" -l now -d 'Pretend it is this moment (RFC 3339, e.g. 2026-03-08T07:00:00Z): for tests and rehearsals' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from resume" -l api-url -d 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from resume" -l profile -d 'Which stored credential to use' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from resume" -l state-dir -d 'Where the journal of operations lives' -r -F
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from resume" -l color -d 'When to use colour on stderr' -r -f -a "auto\t''
always\t''
never\t''"
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from resume" -l rate-limit -d 'Client-side budget: at most N API requests in any 60-second window' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from resume" -l timeout -d 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from resume" -l json -d 'Print the result as one JSON document on stdout (errors too)'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from resume" -l no-input -d 'Never prompt; a needed answer becomes an error naming the flag to pass'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from resume" -s q -l quiet -d 'Less on stderr (-qq: errors only)'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from resume" -s v -l verbose -d 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from resume" -l sandbox -d 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from resume" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from resume" -s V -l version -d 'Print version'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from runs" -l limit -d 'Show at most N runs' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from runs" -l api-url -d 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from runs" -l profile -d 'Which stored credential to use' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from runs" -l state-dir -d 'Where the journal of operations lives' -r -F
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from runs" -l color -d 'When to use colour on stderr' -r -f -a "auto\t''
always\t''
never\t''"
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from runs" -l rate-limit -d 'Client-side budget: at most N API requests in any 60-second window' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from runs" -l timeout -d 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from runs" -l json -d 'Print the result as one JSON document on stdout (errors too)'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from runs" -l no-input -d 'Never prompt; a needed answer becomes an error naming the flag to pass'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from runs" -s q -l quiet -d 'Less on stderr (-qq: errors only)'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from runs" -s v -l verbose -d 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from runs" -l sandbox -d 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from runs" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from runs" -s V -l version -d 'Print version'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from run" -l scheduled-for -d 'Run (or continue) the run of this fire time (RFC 3339)' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from run" -l api-url -d 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from run" -l profile -d 'Which stored credential to use' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from run" -l state-dir -d 'Where the journal of operations lives' -r -F
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from run" -l color -d 'When to use colour on stderr' -r -f -a "auto\t''
always\t''
never\t''"
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from run" -l rate-limit -d 'Client-side budget: at most N API requests in any 60-second window' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from run" -l timeout -d 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from run" -l new -d 'Start over even if an unfinished manual run of the job exists'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from run" -l plan -d 'Print what the run would send (rows, new/changed/unchanged/removed, exact bytes, files or batches, requests) against the job\'s maxRows, and send nothing (exit 8 when the cap would refuse it)'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from run" -l json -d 'Print the result as one JSON document on stdout (errors too)'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from run" -l no-input -d 'Never prompt; a needed answer becomes an error naming the flag to pass'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from run" -s q -l quiet -d 'Less on stderr (-qq: errors only)'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from run" -s v -l verbose -d 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from run" -l sandbox -d 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from run" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from run" -s V -l version -d 'Print version'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from run-due" -l job -d 'Only this job (id or name; repeatable)' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from run-due" -l catch-up -d 'Override the jobs\' catch-up for this call: latest, all, none' -r -f -a "latest\t'Run once, for the newest missed fire time (the others are recorded as missed)'
all\t'Run every missed fire time, oldest first'
none\t'Run none of them: they are recorded as missed'"
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from run-due" -l deadline -d 'Override the jobs\' deadline for this call (24h, 90m)' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from run-due" -l now -d 'Pretend it is this moment (RFC 3339, e.g. 2026-03-08T07:00:00Z): for tests and rehearsals' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from run-due" -l api-url -d 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from run-due" -l profile -d 'Which stored credential to use' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from run-due" -l state-dir -d 'Where the journal of operations lives' -r -F
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from run-due" -l color -d 'When to use colour on stderr' -r -f -a "auto\t''
always\t''
never\t''"
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from run-due" -l rate-limit -d 'Client-side budget: at most N API requests in any 60-second window' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from run-due" -l timeout -d 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from run-due" -l json -d 'Print the result as one JSON document on stdout (errors too)'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from run-due" -l no-input -d 'Never prompt; a needed answer becomes an error naming the flag to pass'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from run-due" -s q -l quiet -d 'Less on stderr (-qq: errors only)'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from run-due" -s v -l verbose -d 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from run-due" -l sandbox -d 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from run-due" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from run-due" -s V -l version -d 'Print version'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from serve" -l listen -d 'Also serve the HTTP API here: PORT (loopback) or HOST:PORT' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from serve" -l now -d 'Pretend it is this moment (RFC 3339, e.g. 2026-03-08T07:00:00Z): for tests and rehearsals' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from serve" -l api-url -d 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from serve" -l profile -d 'Which stored credential to use' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from serve" -l state-dir -d 'Where the journal of operations lives' -r -F
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from serve" -l color -d 'When to use colour on stderr' -r -f -a "auto\t''
always\t''
never\t''"
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from serve" -l rate-limit -d 'Client-side budget: at most N API requests in any 60-second window' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from serve" -l timeout -d 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from serve" -l json -d 'Print the result as one JSON document on stdout (errors too)'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from serve" -l no-input -d 'Never prompt; a needed answer becomes an error naming the flag to pass'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from serve" -s q -l quiet -d 'Less on stderr (-qq: errors only)'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from serve" -s v -l verbose -d 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from serve" -l sandbox -d 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from serve" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from serve" -s V -l version -d 'Print version'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from schedule" -l print -d 'crontab, github-actions, kubernetes or systemd' -r -f -a "crontab\t'A crontab entry (install with `crontab -e`)'
github-actions\t'A workflow for .github/workflows/'
kubernetes\t'A batch/v1 CronJob manifest'
systemd\t'A .service and a .timer unit'"
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from schedule" -l vern -d 'The vern binary the wrapper runs (crontab, systemd) [default: this one]' -r -F
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from schedule" -l image -d 'The container image (kubernetes)' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from schedule" -l out -d 'Write the file(s) into this directory instead of printing them' -r -F
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from schedule" -l api-url -d 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from schedule" -l profile -d 'Which stored credential to use' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from schedule" -l state-dir -d 'Where the journal of operations lives' -r -F
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from schedule" -l color -d 'When to use colour on stderr' -r -f -a "auto\t''
always\t''
never\t''"
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from schedule" -l rate-limit -d 'Client-side budget: at most N API requests in any 60-second window' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from schedule" -l timeout -d 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from schedule" -l json -d 'Print the result as one JSON document on stdout (errors too)'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from schedule" -l no-input -d 'Never prompt; a needed answer becomes an error naming the flag to pass'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from schedule" -s q -l quiet -d 'Less on stderr (-qq: errors only)'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from schedule" -s v -l verbose -d 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from schedule" -l sandbox -d 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from schedule" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from schedule" -s V -l version -d 'Print version'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from apply" -s f -l file -d 'The file (- for stdin)' -r -F
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from apply" -l now -d 'Pretend it is this moment (RFC 3339, e.g. 2026-03-08T07:00:00Z): for tests and rehearsals' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from apply" -l api-url -d 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from apply" -l profile -d 'Which stored credential to use' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from apply" -l state-dir -d 'Where the journal of operations lives' -r -F
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from apply" -l color -d 'When to use colour on stderr' -r -f -a "auto\t''
always\t''
never\t''"
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from apply" -l rate-limit -d 'Client-side budget: at most N API requests in any 60-second window' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from apply" -l timeout -d 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from apply" -l json -d 'Print the result as one JSON document on stdout (errors too)'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from apply" -l no-input -d 'Never prompt; a needed answer becomes an error naming the flag to pass'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from apply" -s q -l quiet -d 'Less on stderr (-qq: errors only)'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from apply" -s v -l verbose -d 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from apply" -l sandbox -d 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from apply" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from apply" -s V -l version -d 'Print version'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from export" -l api-url -d 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from export" -l profile -d 'Which stored credential to use' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from export" -l state-dir -d 'Where the journal of operations lives' -r -F
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from export" -l color -d 'When to use colour on stderr' -r -f -a "auto\t''
always\t''
never\t''"
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from export" -l rate-limit -d 'Client-side budget: at most N API requests in any 60-second window' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from export" -l timeout -d 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out' -r
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from export" -l json -d 'Print the result as one JSON document on stdout (errors too)'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from export" -l no-input -d 'Never prompt; a needed answer becomes an error naming the flag to pass'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from export" -s q -l quiet -d 'Less on stderr (-qq: errors only)'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from export" -s v -l verbose -d 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from export" -l sandbox -d 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from export" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from export" -s V -l version -d 'Print version'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from help" -f -a "create" -d 'Save a job: a delivery on a cron schedule in a time zone'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from help" -f -a "list" -d 'Every job: destination, schedule, state, last run, next fire time'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from help" -f -a "show" -d 'One job, its next five fire times and its last runs'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from help" -f -a "update" -d 'Change some fields of a job'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Delete a job and its run history'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from help" -f -a "pause" -d 'Stop a job\'s schedule'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from help" -f -a "resume" -d 'Restart a job\'s schedule from now'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from help" -f -a "runs" -d 'A job\'s run history, most recent first'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from help" -f -a "run" -d 'Run a job now'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from help" -f -a "run-due" -d 'Run every active job whose fire time has come (for cron, CI, Kubernetes)'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from help" -f -a "serve" -d 'A foreground scheduler, with an optional HTTP API'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from help" -f -a "schedule" -d 'Print a wrapper that calls run-due from crontab, GitHub, Kubernetes or systemd'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from help" -f -a "apply" -d 'Declare jobs from a JSON file (upsert by name)'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from help" -f -a "export" -d 'Print every job in the file format of `jobs apply`'
complete -c vern -n "__fish_vern_using_subcommand jobs; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c vern -n "__fish_vern_using_subcommand runs; and not __fish_seen_subcommand_from list show help" -l api-url -d 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so' -r
complete -c vern -n "__fish_vern_using_subcommand runs; and not __fish_seen_subcommand_from list show help" -l profile -d 'Which stored credential to use' -r
complete -c vern -n "__fish_vern_using_subcommand runs; and not __fish_seen_subcommand_from list show help" -l state-dir -d 'Where the journal of operations lives' -r -F
complete -c vern -n "__fish_vern_using_subcommand runs; and not __fish_seen_subcommand_from list show help" -l color -d 'When to use colour on stderr' -r -f -a "auto\t''
always\t''
never\t''"
complete -c vern -n "__fish_vern_using_subcommand runs; and not __fish_seen_subcommand_from list show help" -l rate-limit -d 'Client-side budget: at most N API requests in any 60-second window' -r
complete -c vern -n "__fish_vern_using_subcommand runs; and not __fish_seen_subcommand_from list show help" -l timeout -d 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out' -r
complete -c vern -n "__fish_vern_using_subcommand runs; and not __fish_seen_subcommand_from list show help" -l json -d 'Print the result as one JSON document on stdout (errors too)'
complete -c vern -n "__fish_vern_using_subcommand runs; and not __fish_seen_subcommand_from list show help" -l no-input -d 'Never prompt; a needed answer becomes an error naming the flag to pass'
complete -c vern -n "__fish_vern_using_subcommand runs; and not __fish_seen_subcommand_from list show help" -s q -l quiet -d 'Less on stderr (-qq: errors only)'
complete -c vern -n "__fish_vern_using_subcommand runs; and not __fish_seen_subcommand_from list show help" -s v -l verbose -d 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
complete -c vern -n "__fish_vern_using_subcommand runs; and not __fish_seen_subcommand_from list show help" -l sandbox -d 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)'
complete -c vern -n "__fish_vern_using_subcommand runs; and not __fish_seen_subcommand_from list show help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vern -n "__fish_vern_using_subcommand runs; and not __fish_seen_subcommand_from list show help" -s V -l version -d 'Print version'
complete -c vern -n "__fish_vern_using_subcommand runs; and not __fish_seen_subcommand_from list show help" -f -a "list" -d 'The operations of the journal, newest first'
complete -c vern -n "__fish_vern_using_subcommand runs; and not __fish_seen_subcommand_from list show help" -f -a "show" -d 'One operation in full: steps, run ids, decisions, counts, outputs, errors'
complete -c vern -n "__fish_vern_using_subcommand runs; and not __fish_seen_subcommand_from list show help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c vern -n "__fish_vern_using_subcommand runs; and __fish_seen_subcommand_from list" -l limit -d 'Show at most N operations' -r
complete -c vern -n "__fish_vern_using_subcommand runs; and __fish_seen_subcommand_from list" -l status -d 'Only operations with this status (repeatable, or comma-separated)' -r -f -a "running\t''
paused\t''
interrupted\t''
timed_out\t''
errored\t''
completed\t''
failed\t''
abandoned\t''"
complete -c vern -n "__fish_vern_using_subcommand runs; and __fish_seen_subcommand_from list" -l company -d 'Only the operations of this company (its id, or the start of it)' -r
complete -c vern -n "__fish_vern_using_subcommand runs; and __fish_seen_subcommand_from list" -l since -d 'Only operations active (started, continued or ended) since TIME: RFC 3339 (2026-11-22T10:00:00Z, +02:00 offsets, or a date) or a duration back from now (24h, 7d)' -r
complete -c vern -n "__fish_vern_using_subcommand runs; and __fish_seen_subcommand_from list" -l api-url -d 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so' -r
complete -c vern -n "__fish_vern_using_subcommand runs; and __fish_seen_subcommand_from list" -l profile -d 'Which stored credential to use' -r
complete -c vern -n "__fish_vern_using_subcommand runs; and __fish_seen_subcommand_from list" -l state-dir -d 'Where the journal of operations lives' -r -F
complete -c vern -n "__fish_vern_using_subcommand runs; and __fish_seen_subcommand_from list" -l color -d 'When to use colour on stderr' -r -f -a "auto\t''
always\t''
never\t''"
complete -c vern -n "__fish_vern_using_subcommand runs; and __fish_seen_subcommand_from list" -l rate-limit -d 'Client-side budget: at most N API requests in any 60-second window' -r
complete -c vern -n "__fish_vern_using_subcommand runs; and __fish_seen_subcommand_from list" -l timeout -d 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out' -r
complete -c vern -n "__fish_vern_using_subcommand runs; and __fish_seen_subcommand_from list" -l json -d 'Print the result as one JSON document on stdout (errors too)'
complete -c vern -n "__fish_vern_using_subcommand runs; and __fish_seen_subcommand_from list" -l no-input -d 'Never prompt; a needed answer becomes an error naming the flag to pass'
complete -c vern -n "__fish_vern_using_subcommand runs; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Less on stderr (-qq: errors only)'
complete -c vern -n "__fish_vern_using_subcommand runs; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
complete -c vern -n "__fish_vern_using_subcommand runs; and __fish_seen_subcommand_from list" -l sandbox -d 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)'
complete -c vern -n "__fish_vern_using_subcommand runs; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vern -n "__fish_vern_using_subcommand runs; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c vern -n "__fish_vern_using_subcommand runs; and __fish_seen_subcommand_from show" -l api-url -d 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so' -r
complete -c vern -n "__fish_vern_using_subcommand runs; and __fish_seen_subcommand_from show" -l profile -d 'Which stored credential to use' -r
complete -c vern -n "__fish_vern_using_subcommand runs; and __fish_seen_subcommand_from show" -l state-dir -d 'Where the journal of operations lives' -r -F
complete -c vern -n "__fish_vern_using_subcommand runs; and __fish_seen_subcommand_from show" -l color -d 'When to use colour on stderr' -r -f -a "auto\t''
always\t''
never\t''"
complete -c vern -n "__fish_vern_using_subcommand runs; and __fish_seen_subcommand_from show" -l rate-limit -d 'Client-side budget: at most N API requests in any 60-second window' -r
complete -c vern -n "__fish_vern_using_subcommand runs; and __fish_seen_subcommand_from show" -l timeout -d 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out' -r
complete -c vern -n "__fish_vern_using_subcommand runs; and __fish_seen_subcommand_from show" -l json -d 'Print the result as one JSON document on stdout (errors too)'
complete -c vern -n "__fish_vern_using_subcommand runs; and __fish_seen_subcommand_from show" -l no-input -d 'Never prompt; a needed answer becomes an error naming the flag to pass'
complete -c vern -n "__fish_vern_using_subcommand runs; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Less on stderr (-qq: errors only)'
complete -c vern -n "__fish_vern_using_subcommand runs; and __fish_seen_subcommand_from show" -s v -l verbose -d 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
complete -c vern -n "__fish_vern_using_subcommand runs; and __fish_seen_subcommand_from show" -l sandbox -d 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)'
complete -c vern -n "__fish_vern_using_subcommand runs; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vern -n "__fish_vern_using_subcommand runs; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c vern -n "__fish_vern_using_subcommand runs; and __fish_seen_subcommand_from help" -f -a "list" -d 'The operations of the journal, newest first'
complete -c vern -n "__fish_vern_using_subcommand runs; and __fish_seen_subcommand_from help" -f -a "show" -d 'One operation in full: steps, run ids, decisions, counts, outputs, errors'
complete -c vern -n "__fish_vern_using_subcommand runs; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c vern -n "__fish_vern_using_subcommand resume" -l api-url -d 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so' -r
complete -c vern -n "__fish_vern_using_subcommand resume" -l profile -d 'Which stored credential to use' -r
complete -c vern -n "__fish_vern_using_subcommand resume" -l state-dir -d 'Where the journal of operations lives' -r -F
complete -c vern -n "__fish_vern_using_subcommand resume" -l color -d 'When to use colour on stderr' -r -f -a "auto\t''
always\t''
never\t''"
complete -c vern -n "__fish_vern_using_subcommand resume" -l rate-limit -d 'Client-side budget: at most N API requests in any 60-second window' -r
complete -c vern -n "__fish_vern_using_subcommand resume" -l timeout -d 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out' -r
complete -c vern -n "__fish_vern_using_subcommand resume" -l json -d 'Print the result as one JSON document on stdout (errors too)'
complete -c vern -n "__fish_vern_using_subcommand resume" -l no-input -d 'Never prompt; a needed answer becomes an error naming the flag to pass'
complete -c vern -n "__fish_vern_using_subcommand resume" -s q -l quiet -d 'Less on stderr (-qq: errors only)'
complete -c vern -n "__fish_vern_using_subcommand resume" -s v -l verbose -d 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
complete -c vern -n "__fish_vern_using_subcommand resume" -l sandbox -d 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)'
complete -c vern -n "__fish_vern_using_subcommand resume" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vern -n "__fish_vern_using_subcommand resume" -s V -l version -d 'Print version'
complete -c vern -n "__fish_vern_using_subcommand sandbox" -l addr -d 'Address of the API listener' -r
complete -c vern -n "__fish_vern_using_subcommand sandbox" -l storage-addr -d 'Address of the storage listener for signed uploads (default: the next port)' -r
complete -c vern -n "__fish_vern_using_subcommand sandbox" -l seed -d 'Load sources, templates, destination and writer from FILE (format: examples/seed.json)' -r -F
complete -c vern -n "__fish_vern_using_subcommand sandbox" -l key -d 'Accept this API key (repeatable; default: the seed\'s keys)' -r
complete -c vern -n "__fish_vern_using_subcommand sandbox" -l queue-time -d 'How long a run stays queued (sandbox time)' -r
complete -c vern -n "__fish_vern_using_subcommand sandbox" -l run-time -d 'How long a run stays running (sandbox time)' -r
complete -c vern -n "__fish_vern_using_subcommand sandbox" -l time-scale -d 'Sandbox seconds per real second (10 = runs finish ten times faster)' -r
complete -c vern -n "__fish_vern_using_subcommand sandbox" -l error-rate -d 'Share of requests answered with a 5xx (500/503 JSON, or a proxy\'s HTML 502)' -r
complete -c vern -n "__fish_vern_using_subcommand sandbox" -l burst-429-rate -d 'Chance that a request starts a burst of 429s' -r
complete -c vern -n "__fish_vern_using_subcommand sandbox" -l burst-len -d 'Length of each 429 burst' -r
complete -c vern -n "__fish_vern_using_subcommand sandbox" -l reset-rate -d 'Share of connections reset before the request is processed' -r
complete -c vern -n "__fish_vern_using_subcommand sandbox" -l lost-response-rate -d 'Share of POST/PUT/PATCH processed, then answered by a dropped connection' -r
complete -c vern -n "__fish_vern_using_subcommand sandbox" -l latency -d 'Delay added to every request' -r
complete -c vern -n "__fish_vern_using_subcommand sandbox" -l latency-jitter -d 'Random extra delay, up to this much' -r
complete -c vern -n "__fish_vern_using_subcommand sandbox" -l fault-seed -d 'Seed of the fault sequence (the same seed and request order give the same faults)' -r
complete -c vern -n "__fish_vern_using_subcommand sandbox" -l server-rate-limit -d 'Requests per key per route per minute before 429 (0: no limit)' -r
complete -c vern -n "__fish_vern_using_subcommand sandbox" -l scenario -d 'Force a scenario for every import: blocked (asks a question first) or fail' -r
complete -c vern -n "__fish_vern_using_subcommand sandbox" -l upload-ttl -d 'Lifetime of a signed upload URL' -r
complete -c vern -n "__fish_vern_using_subcommand sandbox" -l api-url -d 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so' -r
complete -c vern -n "__fish_vern_using_subcommand sandbox" -l profile -d 'Which stored credential to use' -r
complete -c vern -n "__fish_vern_using_subcommand sandbox" -l state-dir -d 'Where the journal of operations lives' -r -F
complete -c vern -n "__fish_vern_using_subcommand sandbox" -l color -d 'When to use colour on stderr' -r -f -a "auto\t''
always\t''
never\t''"
complete -c vern -n "__fish_vern_using_subcommand sandbox" -l rate-limit -d 'Client-side budget: at most N API requests in any 60-second window' -r
complete -c vern -n "__fish_vern_using_subcommand sandbox" -l timeout -d 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out' -r
complete -c vern -n "__fish_vern_using_subcommand sandbox" -l destination-down -d 'The destination refuses connections: exports fail at job level'
complete -c vern -n "__fish_vern_using_subcommand sandbox" -l json -d 'Print the result as one JSON document on stdout (errors too)'
complete -c vern -n "__fish_vern_using_subcommand sandbox" -l no-input -d 'Never prompt; a needed answer becomes an error naming the flag to pass'
complete -c vern -n "__fish_vern_using_subcommand sandbox" -s q -l quiet -d 'Less on stderr (-qq: errors only)'
complete -c vern -n "__fish_vern_using_subcommand sandbox" -s v -l verbose -d 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
complete -c vern -n "__fish_vern_using_subcommand sandbox" -l sandbox -d 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)'
complete -c vern -n "__fish_vern_using_subcommand sandbox" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vern -n "__fish_vern_using_subcommand sandbox" -s V -l version -d 'Print version'
complete -c vern -n "__fish_vern_using_subcommand completions" -l api-url -d 'API base URL (the client adds /api/v1); default: the URL `vern auth login` saved for the profile, else https://app.vern.so' -r
complete -c vern -n "__fish_vern_using_subcommand completions" -l profile -d 'Which stored credential to use' -r
complete -c vern -n "__fish_vern_using_subcommand completions" -l state-dir -d 'Where the journal of operations lives' -r -F
complete -c vern -n "__fish_vern_using_subcommand completions" -l color -d 'When to use colour on stderr' -r -f -a "auto\t''
always\t''
never\t''"
complete -c vern -n "__fish_vern_using_subcommand completions" -l rate-limit -d 'Client-side budget: at most N API requests in any 60-second window' -r
complete -c vern -n "__fish_vern_using_subcommand completions" -l timeout -d 'Bound the whole command, retries included (30s, 10m, 2h); exit 124 when it runs out' -r
complete -c vern -n "__fish_vern_using_subcommand completions" -l json -d 'Print the result as one JSON document on stdout (errors too)'
complete -c vern -n "__fish_vern_using_subcommand completions" -l no-input -d 'Never prompt; a needed answer becomes an error naming the flag to pass'
complete -c vern -n "__fish_vern_using_subcommand completions" -s q -l quiet -d 'Less on stderr (-qq: errors only)'
complete -c vern -n "__fish_vern_using_subcommand completions" -s v -l verbose -d 'More on stderr (-vv: every HTTP exchange, secrets redacted)'
complete -c vern -n "__fish_vern_using_subcommand completions" -l sandbox -d 'Run against an in-process sandbox API on a free loopback port (rehearsals, demos)'
complete -c vern -n "__fish_vern_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vern -n "__fish_vern_using_subcommand completions" -s V -l version -d 'Print version'
complete -c vern -n "__fish_vern_using_subcommand help; and not __fish_seen_subcommand_from auth sources templates company upload import poll approve export download migrate deliver jobs runs resume sandbox completions help" -f -a "auth" -d 'Store, check and remove the API key of a profile'
complete -c vern -n "__fish_vern_using_subcommand help; and not __fish_seen_subcommand_from auth sources templates company upload import poll approve export download migrate deliver jobs runs resume sandbox completions help" -f -a "sources" -d 'List the sources of the account'
complete -c vern -n "__fish_vern_using_subcommand help; and not __fish_seen_subcommand_from auth sources templates company upload import poll approve export download migrate deliver jobs runs resume sandbox completions help" -f -a "templates" -d 'List the templates of the account'
complete -c vern -n "__fish_vern_using_subcommand help; and not __fish_seen_subcommand_from auth sources templates company upload import poll approve export download migrate deliver jobs runs resume sandbox completions help" -f -a "company" -d 'Provision a company, or show what vern knows about one'
complete -c vern -n "__fish_vern_using_subcommand help; and not __fish_seen_subcommand_from auth sources templates company upload import poll approve export download migrate deliver jobs runs resume sandbox completions help" -f -a "upload" -d 'Upload files through signed URLs and print their upload refs'
complete -c vern -n "__fish_vern_using_subcommand help; and not __fish_seen_subcommand_from auth sources templates company upload import poll approve export download migrate deliver jobs runs resume sandbox completions help" -f -a "import" -d 'Start an import run (uploading files first) and wait for it'
complete -c vern -n "__fish_vern_using_subcommand help; and not __fish_seen_subcommand_from auth sources templates company upload import poll approve export download migrate deliver jobs runs resume sandbox completions help" -f -a "poll" -d 'Wait for a run until it is terminal or needs a decision'
complete -c vern -n "__fish_vern_using_subcommand help; and not __fish_seen_subcommand_from auth sources templates company upload import poll approve export download migrate deliver jobs runs resume sandbox completions help" -f -a "approve" -d 'Decide on a run that needs attention, or answer a blocked run'
complete -c vern -n "__fish_vern_using_subcommand help; and not __fish_seen_subcommand_from auth sources templates company upload import poll approve export download migrate deliver jobs runs resume sandbox completions help" -f -a "export" -d 'Push validated rows to the destination and report every write'
complete -c vern -n "__fish_vern_using_subcommand help; and not __fish_seen_subcommand_from auth sources templates company upload import poll approve export download migrate deliver jobs runs resume sandbox completions help" -f -a "download" -d 'Stream a sheet\'s validated CSV to a file or stdout'
complete -c vern -n "__fish_vern_using_subcommand help; and not __fish_seen_subcommand_from auth sources templates company upload import poll approve export download migrate deliver jobs runs resume sandbox completions help" -f -a "migrate" -d 'Run a whole migration as one resumable operation'
complete -c vern -n "__fish_vern_using_subcommand help; and not __fish_seen_subcommand_from auth sources templates company upload import poll approve export download migrate deliver jobs runs resume sandbox completions help" -f -a "deliver" -d 'Relay the validated rows to a directory, S3 or Azure Blob as csv/json/jsonl/xml, exactly once'
complete -c vern -n "__fish_vern_using_subcommand help; and not __fish_seen_subcommand_from auth sources templates company upload import poll approve export download migrate deliver jobs runs resume sandbox completions help" -f -a "jobs" -d 'Saved deliveries on a cron schedule, with a run history'
complete -c vern -n "__fish_vern_using_subcommand help; and not __fish_seen_subcommand_from auth sources templates company upload import poll approve export download migrate deliver jobs runs resume sandbox completions help" -f -a "runs" -d 'The journal: every operation with its steps, runs, counts and errors'
complete -c vern -n "__fish_vern_using_subcommand help; and not __fish_seen_subcommand_from auth sources templates company upload import poll approve export download migrate deliver jobs runs resume sandbox completions help" -f -a "resume" -d 'Continue an interrupted operation (the latest one without ID)'
complete -c vern -n "__fish_vern_using_subcommand help; and not __fish_seen_subcommand_from auth sources templates company upload import poll approve export download migrate deliver jobs runs resume sandbox completions help" -f -a "sandbox" -d 'Run a local simulator of the Migration API until interrupted'
complete -c vern -n "__fish_vern_using_subcommand help; and not __fish_seen_subcommand_from auth sources templates company upload import poll approve export download migrate deliver jobs runs resume sandbox completions help" -f -a "completions" -d 'Print a shell completion script'
complete -c vern -n "__fish_vern_using_subcommand help; and not __fish_seen_subcommand_from auth sources templates company upload import poll approve export download migrate deliver jobs runs resume sandbox completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c vern -n "__fish_vern_using_subcommand help; and __fish_seen_subcommand_from auth" -f -a "login" -d 'Store the API key of a profile in the OS keyring (after checking it with the API)'
complete -c vern -n "__fish_vern_using_subcommand help; and __fish_seen_subcommand_from auth" -f -a "status" -d 'Check the key: where it and the API URL come from, and whether the API accepts it'
complete -c vern -n "__fish_vern_using_subcommand help; and __fish_seen_subcommand_from auth" -f -a "logout" -d 'Remove the stored key of a profile (keyring and credentials file) and its API URL'
complete -c vern -n "__fish_vern_using_subcommand help; and __fish_seen_subcommand_from sources" -f -a "list" -d 'List the sources of the account (pass an id to `company create --source`)'
complete -c vern -n "__fish_vern_using_subcommand help; and __fish_seen_subcommand_from templates" -f -a "list" -d 'List the templates of the account with their columns and rules'
complete -c vern -n "__fish_vern_using_subcommand help; and __fish_seen_subcommand_from company" -f -a "create" -d 'Provision a company: its workbook gets one sheet per template'
complete -c vern -n "__fish_vern_using_subcommand help; and __fish_seen_subcommand_from company" -f -a "show" -d 'What vern knows about a company: its sheets with ids and row counts'
complete -c vern -n "__fish_vern_using_subcommand help; and __fish_seen_subcommand_from jobs" -f -a "create" -d 'Save a job: a delivery on a cron schedule in a time zone'
complete -c vern -n "__fish_vern_using_subcommand help; and __fish_seen_subcommand_from jobs" -f -a "list" -d 'Every job: destination, schedule, state, last run, next fire time'
complete -c vern -n "__fish_vern_using_subcommand help; and __fish_seen_subcommand_from jobs" -f -a "show" -d 'One job, its next five fire times and its last runs'
complete -c vern -n "__fish_vern_using_subcommand help; and __fish_seen_subcommand_from jobs" -f -a "update" -d 'Change some fields of a job'
complete -c vern -n "__fish_vern_using_subcommand help; and __fish_seen_subcommand_from jobs" -f -a "delete" -d 'Delete a job and its run history'
complete -c vern -n "__fish_vern_using_subcommand help; and __fish_seen_subcommand_from jobs" -f -a "pause" -d 'Stop a job\'s schedule'
complete -c vern -n "__fish_vern_using_subcommand help; and __fish_seen_subcommand_from jobs" -f -a "resume" -d 'Restart a job\'s schedule from now'
complete -c vern -n "__fish_vern_using_subcommand help; and __fish_seen_subcommand_from jobs" -f -a "runs" -d 'A job\'s run history, most recent first'
complete -c vern -n "__fish_vern_using_subcommand help; and __fish_seen_subcommand_from jobs" -f -a "run" -d 'Run a job now'
complete -c vern -n "__fish_vern_using_subcommand help; and __fish_seen_subcommand_from jobs" -f -a "run-due" -d 'Run every active job whose fire time has come (for cron, CI, Kubernetes)'
complete -c vern -n "__fish_vern_using_subcommand help; and __fish_seen_subcommand_from jobs" -f -a "serve" -d 'A foreground scheduler, with an optional HTTP API'
complete -c vern -n "__fish_vern_using_subcommand help; and __fish_seen_subcommand_from jobs" -f -a "schedule" -d 'Print a wrapper that calls run-due from crontab, GitHub, Kubernetes or systemd'
complete -c vern -n "__fish_vern_using_subcommand help; and __fish_seen_subcommand_from jobs" -f -a "apply" -d 'Declare jobs from a JSON file (upsert by name)'
complete -c vern -n "__fish_vern_using_subcommand help; and __fish_seen_subcommand_from jobs" -f -a "export" -d 'Print every job in the file format of `jobs apply`'
complete -c vern -n "__fish_vern_using_subcommand help; and __fish_seen_subcommand_from runs" -f -a "list" -d 'The operations of the journal, newest first'
complete -c vern -n "__fish_vern_using_subcommand help; and __fish_seen_subcommand_from runs" -f -a "show" -d 'One operation in full: steps, run ids, decisions, counts, outputs, errors'
