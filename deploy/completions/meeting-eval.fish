function __meeting-eval_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __meeting-eval_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __meeting-eval_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __meeting-eval_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __meeting-eval_parse_tokens -S
    set -l unparsed_tokens (__meeting-eval_tokens -pc)
    switch $unparsed_tokens[1]
    case 'meeting-eval'
        __meeting-eval_parse_subcommand 0 'h/help'
        switch $unparsed_tokens[1]
        case 'serve'
            __meeting-eval_parse_subcommand 0 'host=' 'port=' 'database=' 'signing-key=' 'surveys=' 'no-surveys' 'web=' 'max-body=' 'backlog=' 'no-group-commit' 'no-shared-live-snapshots' 'public-url=' 'admin-token=' 'behind-tls' 'demo' 'submissions-per-minute=' 'logins-per-minute=' 'code-attempts-per-minute=' 'no-rate-limits' 'trust-forwarded-for' 'read-header-timeout=' 'read-body-timeout=' 'idle-timeout=' 'log-level=' 'time-zone=' 'chromium=' 'assessor=' 'log-format=' 'h/help'
        case 'validate'
            __meeting-eval_parse_subcommand -r 1 'h/help'
        case 'scorecard'
            __meeting-eval_parse_subcommand 1 'format=' 'output=' 'locale=' 'comments=' 'time-zone=' 'chromium=' 'database=' 'signing-key=' 'h/help'
        case 'export'
            __meeting-eval_parse_subcommand 1 'format=' 'output=' 'locale=' 'database=' 'signing-key=' 'h/help'
        case 'demo'
            __meeting-eval_parse_subcommand 0 'responses=' 'surveys=' 'base-url=' 'database=' 'signing-key=' 'h/help'
        case 'backup'
            __meeting-eval_parse_subcommand 1 'force' 'database=' 'signing-key=' 'h/help'
        case 'migrate'
            __meeting-eval_parse_subcommand 0 'from=' 'to=' 'h/help'
        case 'user'
            __meeting-eval_parse_subcommand 0 'h/help'
            switch $unparsed_tokens[1]
            case 'add'
                __meeting-eval_parse_subcommand 1 'role=' 'generate-password' 'organization=+' 'database=' 'signing-key=' 'h/help'
            case 'list'
                __meeting-eval_parse_subcommand 0 'database=' 'signing-key=' 'h/help'
            case 'password'
                __meeting-eval_parse_subcommand 1 'generate-password' 'database=' 'signing-key=' 'h/help'
            case 'organizations'
                __meeting-eval_parse_subcommand 1 'organization=+' 'database=' 'signing-key=' 'h/help'
            case 'disable'
                __meeting-eval_parse_subcommand 1 'database=' 'signing-key=' 'h/help'
            case 'enable'
                __meeting-eval_parse_subcommand 1 'database=' 'signing-key=' 'h/help'
            case 'token'
                __meeting-eval_parse_subcommand 1 'label=' 'database=' 'signing-key=' 'h/help'
            end
        case 'verify'
            __meeting-eval_parse_subcommand 1 'public-key=' 'database=' 'h/help'
        case 'help'
            __meeting-eval_parse_subcommand -r 1 
        end
    end
end

function __meeting-eval_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __meeting-eval_parse_subcommand -S -a positional_count
    argparse -s r -- $argv
    set -l option_specs $argv[2..]
    set -l is_repeating_positional $_flag_r
    set -el _flag_r
    set -a commands $unparsed_tokens[1]
    set positional_index 0
    while true
        set -e unparsed_tokens[1]
        argparse -sn "$commands" $option_specs -- $unparsed_tokens 2> /dev/null
        set unparsed_tokens $argv
        set positional_index (math $positional_index + 1)
        for non_repeating_flag_or_option in $non_repeating_flags_or_options
            if set -ql "_flag_$(string replace -a - _ -- $non_repeating_flag_or_option)"
                set non_repeating_flags_or_options_absent 1
                break
            end
        end
        test (count $unparsed_tokens) -eq 0 -o \( -z "$is_repeating_positional" -a "$positional_index" -gt "$positional_count" \) && break
    end
end

function __meeting-eval_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __meeting-eval_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__meeting-eval_tokens -p)
    if test -z "$(__meeting-eval_tokens -t)"
        set -l index (count (__meeting-eval_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'meeting-eval' -f
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_flags_or_options "meeting-eval" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_positional "meeting-eval" -eq 1' -fa 'serve' -d 'Run the HTTP server: API, attendee pages and questionnaires from the surveys folder.'
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_positional "meeting-eval" -eq 1' -fa 'validate' -d 'Validate questionnaire and meeting standard files (YAML or JSON). Prints file:line: path: message for each problem.'
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_positional "meeting-eval" -eq 1' -fa 'scorecard' -d 'Print or save the scorecard of an evaluation (JSON, CSV, printable HTML, PDF or an Excel workbook).'
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_positional "meeting-eval" -eq 1' -fa 'export' -d 'Write an evaluation\'s answers for statistics software (SPSS, PSPP, R) into a folder.'
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_positional "meeting-eval" -eq 1' -fa 'demo' -d 'Create a clearly marked demo evaluation with simulated responses and print its scorecard links.'
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_positional "meeting-eval" -eq 1' -fa 'backup' -d 'Copy the database to FILE with SQLite\'s online backup, safely while the server is serving.'
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_positional "meeting-eval" -eq 1' -fa 'migrate' -d 'Copy a SQLite database into an empty PostgreSQL database and check that every scorecard is identical on both.'
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_positional "meeting-eval" -eq 1' -fa 'user' -d 'Manage accounts: add, list, disable, enable, and make API tokens.'
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_positional "meeting-eval" -eq 1' -fa 'verify' -d 'Check the signature of a JSON scorecard (downloaded or made with `scorecard --format json`).'
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_positional "meeting-eval" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_flags_or_options "meeting-eval serve" host' -l 'host' -d 'Address to listen on (env MEETING_EVAL_HOST; default 127.0.0.1).' -rfka ''
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_flags_or_options "meeting-eval serve" port' -l 'port' -d 'Port to listen on (env MEETING_EVAL_PORT; default 8080).' -rfka ''
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_flags_or_options "meeting-eval serve" database' -l 'database' -d 'SQLite database file, or a PostgreSQL URL postgres://user[:password]@host[:port]/database (also postgresql://, and ?host=/socket/folder; ?pool=N sets the connections per process, default 10) (env MEETING_EVAL_DATABASE; default data/meeting-eval.sqlite).' -rfka ''
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_flags_or_options "meeting-eval serve" signing-key' -l 'signing-key' -d 'Scorecard signing key file, made on first use (env MEETING_EVAL_SIGNING_KEY; default signing-key.pem beside the SQLite file; with PostgreSQL, give every server the same file).' -rfka ''
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_flags_or_options "meeting-eval serve" surveys' -l 'surveys' -d 'Folder of questionnaire files loaded at start (env MEETING_EVAL_SURVEYS; default Surveys).' -rfka ''
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_flags_or_options "meeting-eval serve" no-surveys' -l 'no-surveys' -d 'Load no questionnaire files at start.'
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_flags_or_options "meeting-eval serve" web' -l 'web' -d 'Folder of the web front end (env MEETING_EVAL_WEB; default Web).' -rfka ''
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_flags_or_options "meeting-eval serve" max-body' -l 'max-body' -d 'Largest request body in bytes (env MEETING_EVAL_MAX_BODY; default 262144).' -rfka ''
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_flags_or_options "meeting-eval serve" backlog' -l 'backlog' -d 'Pending connections the kernel may queue (env MEETING_EVAL_BACKLOG; default 4096; the kernel caps it at net.core.somaxconn).' -rfka ''
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_flags_or_options "meeting-eval serve" no-group-commit' -l 'no-group-commit' -d 'Commit every submission in its own transaction instead of in shared batches (a benchmark baseline; env MEETING_EVAL_GROUP_COMMIT=0).'
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_flags_or_options "meeting-eval serve" no-shared-live-snapshots' -l 'no-shared-live-snapshots' -d 'Compute the live dashboard for every open stream on its own instead of once per evaluation (the baseline of the live benchmark; env MEETING_EVAL_SHARED_LIVE=0).'
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_flags_or_options "meeting-eval serve" public-url' -l 'public-url' -d 'Address attendees use to reach the server, for links and QR codes, e.g. https://eval.example.gov.cn (env MEETING_EVAL_PUBLIC_URL; default: the host each request names).' -rfka ''
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_flags_or_options "meeting-eval serve" admin-token' -l 'admin-token' -d 'Make this value an admin API token for the life of the process, for automation and tests (env MEETING_EVAL_ADMIN_TOKEN; at least 16 characters).' -rfka ''
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_flags_or_options "meeting-eval serve" behind-tls' -l 'behind-tls' -d 'The server is reached over HTTPS (through a TLS proxy): session cookies get the Secure attribute (env MEETING_EVAL_BEHIND_TLS=1; implied by an https --public-url).'
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_flags_or_options "meeting-eval serve" demo' -l 'demo' -d 'Also create a demo evaluation with simulated responses at start, and log its links.'
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_flags_or_options "meeting-eval serve" submissions-per-minute' -l 'submissions-per-minute' -d 'Submissions per minute per client address, also the burst allowed at once; 0 = no limit (env MEETING_EVAL_SUBMISSIONS_PER_MINUTE; default 1200).' -rfka ''
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_flags_or_options "meeting-eval serve" logins-per-minute' -l 'logins-per-minute' -d 'Failed sign-ins per minute per client address; 0 = no limit (env MEETING_EVAL_LOGINS_PER_MINUTE; default 10).' -rfka ''
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_flags_or_options "meeting-eval serve" code-attempts-per-minute' -l 'code-attempts-per-minute' -d 'Wrong invitation codes per minute per client address; 0 = no limit (env MEETING_EVAL_CODE_ATTEMPTS_PER_MINUTE; default 30).' -rfka ''
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_flags_or_options "meeting-eval serve" no-rate-limits' -l 'no-rate-limits' -d 'Turn every rate limit off, for load tests (env MEETING_EVAL_RATE_LIMITS=0).'
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_flags_or_options "meeting-eval serve" trust-forwarded-for' -l 'trust-forwarded-for' -d 'Count clients by the right-most X-Forwarded-For address; only behind a reverse proxy that sets it (env MEETING_EVAL_TRUST_FORWARDED_FOR=1).'
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_flags_or_options "meeting-eval serve" read-header-timeout' -l 'read-header-timeout' -d 'Seconds a new connection has to send its first request head (env MEETING_EVAL_READ_HEADER_TIMEOUT; default 10).' -rfka ''
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_flags_or_options "meeting-eval serve" read-body-timeout' -l 'read-body-timeout' -d 'Seconds a request has to send its whole body after its head (env MEETING_EVAL_READ_BODY_TIMEOUT; default 30).' -rfka ''
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_flags_or_options "meeting-eval serve" idle-timeout' -l 'idle-timeout' -d 'Seconds a kept-alive connection may stay idle between requests (env MEETING_EVAL_IDLE_TIMEOUT; default 60).' -rfka ''
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_flags_or_options "meeting-eval serve" log-level' -l 'log-level' -d 'Log level: trace, debug, info, notice, warning, error (env MEETING_EVAL_LOG_LEVEL; default info).' -rfka ''
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_flags_or_options "meeting-eval serve" time-zone' -l 'time-zone' -d 'Time zone of the report\'s dates and times, e.g. Asia/Shanghai (env MEETING_EVAL_TIME_ZONE; default Asia/Shanghai).' -rfka ''
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_flags_or_options "meeting-eval serve" chromium' -l 'chromium' -d 'Headless Chromium used for PDF reports, or \'off\' for none (env MEETING_EVAL_CHROMIUM; default: found at start).' -rfka ''
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_flags_or_options "meeting-eval serve" assessor' -l 'assessor' -d 'The assessor (评估机构) of new evaluations that name none (env MEETING_EVAL_ASSESSOR).' -rfka ''
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_flags_or_options "meeting-eval serve" log-format' -l 'log-format' -d 'Log format: text, or json for one JSON object per line with the request\'s id (env MEETING_EVAL_LOG_FORMAT; default text).' -rfka ''
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_flags_or_options "meeting-eval serve" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_flags_or_options "meeting-eval validate" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_flags_or_options "meeting-eval scorecard" format' -l 'format' -d 'json, csv, html, pdf or xlsx (pdf needs Chromium and --output).' -rfka 'json csv html pdf xlsx'
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_flags_or_options "meeting-eval scorecard" output' -l 'output' -d 'Write to this file instead of standard output.' -rfka ''
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_flags_or_options "meeting-eval scorecard" locale' -l 'locale' -d 'Locale of titles and labels (default: the questionnaire\'s first locale).' -rfka ''
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_flags_or_options "meeting-eval scorecard" comments' -l 'comments' -d 'Comments printed per question in the report\'s appendix: all, or a number (html, pdf).' -rfka ''
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_flags_or_options "meeting-eval scorecard" time-zone' -l 'time-zone' -d 'Time zone of the report\'s dates and times, e.g. Asia/Shanghai (env MEETING_EVAL_TIME_ZONE; default Asia/Shanghai).' -rfka ''
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_flags_or_options "meeting-eval scorecard" chromium' -l 'chromium' -d 'Headless Chromium used for PDF reports, or \'off\' for none (env MEETING_EVAL_CHROMIUM; default: found at start).' -rfka ''
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_flags_or_options "meeting-eval scorecard" database' -l 'database' -d 'SQLite database file, or a PostgreSQL URL postgres://user[:password]@host[:port]/database (also postgresql://, and ?host=/socket/folder; ?pool=N sets the connections per process, default 10) (env MEETING_EVAL_DATABASE; default data/meeting-eval.sqlite).' -rfka ''
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_flags_or_options "meeting-eval scorecard" signing-key' -l 'signing-key' -d 'Scorecard signing key file, made on first use (env MEETING_EVAL_SIGNING_KEY; default signing-key.pem beside the SQLite file; with PostgreSQL, give every server the same file).' -rfka ''
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_flags_or_options "meeting-eval scorecard" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_flags_or_options "meeting-eval export" format' -l 'format' -d 'spss: a wide CSV and the SPSS syntax that reads it (PSPP and R\'s haven read the pair too).' -rfka 'spss'
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_flags_or_options "meeting-eval export" output' -l 'output' -d 'The folder to write into (made when missing).' -rfka ''
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_flags_or_options "meeting-eval export" locale' -l 'locale' -d 'Locale of the variable and value labels (default: the questionnaire\'s first locale).' -rfka ''
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_flags_or_options "meeting-eval export" database' -l 'database' -d 'SQLite database file, or a PostgreSQL URL postgres://user[:password]@host[:port]/database (also postgresql://, and ?host=/socket/folder; ?pool=N sets the connections per process, default 10) (env MEETING_EVAL_DATABASE; default data/meeting-eval.sqlite).' -rfka ''
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_flags_or_options "meeting-eval export" signing-key' -l 'signing-key' -d 'Scorecard signing key file, made on first use (env MEETING_EVAL_SIGNING_KEY; default signing-key.pem beside the SQLite file; with PostgreSQL, give every server the same file).' -rfka ''
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_flags_or_options "meeting-eval export" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_flags_or_options "meeting-eval demo" responses' -l 'responses' -d 'Number of simulated responses.' -rfka ''
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_flags_or_options "meeting-eval demo" surveys' -l 'surveys' -d 'Folder of questionnaire files to load first (env MEETING_EVAL_SURVEYS; default Surveys).' -rfka ''
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_flags_or_options "meeting-eval demo" base-url' -l 'base-url' -d 'Base URL printed in the links.' -rfka ''
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_flags_or_options "meeting-eval demo" database' -l 'database' -d 'SQLite database file, or a PostgreSQL URL postgres://user[:password]@host[:port]/database (also postgresql://, and ?host=/socket/folder; ?pool=N sets the connections per process, default 10) (env MEETING_EVAL_DATABASE; default data/meeting-eval.sqlite).' -rfka ''
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_flags_or_options "meeting-eval demo" signing-key' -l 'signing-key' -d 'Scorecard signing key file, made on first use (env MEETING_EVAL_SIGNING_KEY; default signing-key.pem beside the SQLite file; with PostgreSQL, give every server the same file).' -rfka ''
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_flags_or_options "meeting-eval demo" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_flags_or_options "meeting-eval backup" force' -l 'force' -d 'Replace FILE when it exists.'
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_flags_or_options "meeting-eval backup" database' -l 'database' -d 'SQLite database file, or a PostgreSQL URL postgres://user[:password]@host[:port]/database (also postgresql://, and ?host=/socket/folder; ?pool=N sets the connections per process, default 10) (env MEETING_EVAL_DATABASE; default data/meeting-eval.sqlite).' -rfka ''
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_flags_or_options "meeting-eval backup" signing-key' -l 'signing-key' -d 'Scorecard signing key file, made on first use (env MEETING_EVAL_SIGNING_KEY; default signing-key.pem beside the SQLite file; with PostgreSQL, give every server the same file).' -rfka ''
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_flags_or_options "meeting-eval backup" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_flags_or_options "meeting-eval migrate" from' -l 'from' -d 'The SQLite database file to copy (stop the server that writes it first).' -rfka ''
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_flags_or_options "meeting-eval migrate" to' -l 'to' -d 'The empty PostgreSQL database: postgres://user[:password]@host[:port]/database.' -rfka ''
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_flags_or_options "meeting-eval migrate" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_flags_or_options "meeting-eval user" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_positional "meeting-eval user" -eq 1' -fa 'add' -d 'Add an account. The password is read from the terminal (twice, not shown), or from standard input when that is not a terminal, or generated and printed once with --generate-password.'
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_positional "meeting-eval user" -eq 1' -fa 'list' -d 'List the accounts.'
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_positional "meeting-eval user" -eq 1' -fa 'password' -d 'Set a new password for an account (read like `add`, or generated with --generate-password); its browser sessions end.'
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_positional "meeting-eval user" -eq 1' -fa 'organizations' -d 'Set the organizations an account belongs to (replacing its memberships; none: leave out --organization).'
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_positional "meeting-eval user" -eq 1' -fa 'disable' -d 'Disable an account: it can no longer sign in, and its sessions and API tokens stop working.'
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_positional "meeting-eval user" -eq 1' -fa 'enable' -d 'Enable a disabled account again.'
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_positional "meeting-eval user" -eq 1' -fa 'token' -d 'Make an API token for an account (for scripts: Authorization: Bearer …); printed once.'
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_flags_or_options "meeting-eval user add" role' -l 'role' -d 'admin, organizer or evaluator.' -rfka ''
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_flags_or_options "meeting-eval user add" generate-password' -l 'generate-password' -d 'Generate a password and print it once.'
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_flags_or_options "meeting-eval user add"' -l 'organization' -d 'An organization the account belongs to (repeat for several; admins need none).' -rfka ''
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_flags_or_options "meeting-eval user add" database' -l 'database' -d 'SQLite database file, or a PostgreSQL URL postgres://user[:password]@host[:port]/database (also postgresql://, and ?host=/socket/folder; ?pool=N sets the connections per process, default 10) (env MEETING_EVAL_DATABASE; default data/meeting-eval.sqlite).' -rfka ''
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_flags_or_options "meeting-eval user add" signing-key' -l 'signing-key' -d 'Scorecard signing key file, made on first use (env MEETING_EVAL_SIGNING_KEY; default signing-key.pem beside the SQLite file; with PostgreSQL, give every server the same file).' -rfka ''
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_flags_or_options "meeting-eval user add" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_flags_or_options "meeting-eval user list" database' -l 'database' -d 'SQLite database file, or a PostgreSQL URL postgres://user[:password]@host[:port]/database (also postgresql://, and ?host=/socket/folder; ?pool=N sets the connections per process, default 10) (env MEETING_EVAL_DATABASE; default data/meeting-eval.sqlite).' -rfka ''
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_flags_or_options "meeting-eval user list" signing-key' -l 'signing-key' -d 'Scorecard signing key file, made on first use (env MEETING_EVAL_SIGNING_KEY; default signing-key.pem beside the SQLite file; with PostgreSQL, give every server the same file).' -rfka ''
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_flags_or_options "meeting-eval user list" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_flags_or_options "meeting-eval user password" generate-password' -l 'generate-password' -d 'Generate a password and print it once.'
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_flags_or_options "meeting-eval user password" database' -l 'database' -d 'SQLite database file, or a PostgreSQL URL postgres://user[:password]@host[:port]/database (also postgresql://, and ?host=/socket/folder; ?pool=N sets the connections per process, default 10) (env MEETING_EVAL_DATABASE; default data/meeting-eval.sqlite).' -rfka ''
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_flags_or_options "meeting-eval user password" signing-key' -l 'signing-key' -d 'Scorecard signing key file, made on first use (env MEETING_EVAL_SIGNING_KEY; default signing-key.pem beside the SQLite file; with PostgreSQL, give every server the same file).' -rfka ''
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_flags_or_options "meeting-eval user password" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_flags_or_options "meeting-eval user organizations"' -l 'organization' -d 'An organization (repeat for several).' -rfka ''
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_flags_or_options "meeting-eval user organizations" database' -l 'database' -d 'SQLite database file, or a PostgreSQL URL postgres://user[:password]@host[:port]/database (also postgresql://, and ?host=/socket/folder; ?pool=N sets the connections per process, default 10) (env MEETING_EVAL_DATABASE; default data/meeting-eval.sqlite).' -rfka ''
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_flags_or_options "meeting-eval user organizations" signing-key' -l 'signing-key' -d 'Scorecard signing key file, made on first use (env MEETING_EVAL_SIGNING_KEY; default signing-key.pem beside the SQLite file; with PostgreSQL, give every server the same file).' -rfka ''
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_flags_or_options "meeting-eval user organizations" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_flags_or_options "meeting-eval user disable" database' -l 'database' -d 'SQLite database file, or a PostgreSQL URL postgres://user[:password]@host[:port]/database (also postgresql://, and ?host=/socket/folder; ?pool=N sets the connections per process, default 10) (env MEETING_EVAL_DATABASE; default data/meeting-eval.sqlite).' -rfka ''
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_flags_or_options "meeting-eval user disable" signing-key' -l 'signing-key' -d 'Scorecard signing key file, made on first use (env MEETING_EVAL_SIGNING_KEY; default signing-key.pem beside the SQLite file; with PostgreSQL, give every server the same file).' -rfka ''
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_flags_or_options "meeting-eval user disable" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_flags_or_options "meeting-eval user enable" database' -l 'database' -d 'SQLite database file, or a PostgreSQL URL postgres://user[:password]@host[:port]/database (also postgresql://, and ?host=/socket/folder; ?pool=N sets the connections per process, default 10) (env MEETING_EVAL_DATABASE; default data/meeting-eval.sqlite).' -rfka ''
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_flags_or_options "meeting-eval user enable" signing-key' -l 'signing-key' -d 'Scorecard signing key file, made on first use (env MEETING_EVAL_SIGNING_KEY; default signing-key.pem beside the SQLite file; with PostgreSQL, give every server the same file).' -rfka ''
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_flags_or_options "meeting-eval user enable" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_flags_or_options "meeting-eval user token" label' -l 'label' -d 'What the token is for, e.g. "nightly export".' -rfka ''
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_flags_or_options "meeting-eval user token" database' -l 'database' -d 'SQLite database file, or a PostgreSQL URL postgres://user[:password]@host[:port]/database (also postgresql://, and ?host=/socket/folder; ?pool=N sets the connections per process, default 10) (env MEETING_EVAL_DATABASE; default data/meeting-eval.sqlite).' -rfka ''
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_flags_or_options "meeting-eval user token" signing-key' -l 'signing-key' -d 'Scorecard signing key file, made on first use (env MEETING_EVAL_SIGNING_KEY; default signing-key.pem beside the SQLite file; with PostgreSQL, give every server the same file).' -rfka ''
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_flags_or_options "meeting-eval user token" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_flags_or_options "meeting-eval verify" public-key' -l 'public-key' -d 'The key it must be signed with: a file (PEM, or the saved answer of GET /api/signing-key), the key in base64, or its fingerprint SHA256:….' -rfka ''
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_flags_or_options "meeting-eval verify" database' -l 'database' -d 'Check against the signing key of this database\'s data folder (the signing-key.pem beside it).' -rfka ''
complete -c 'meeting-eval' -n '__meeting-eval_should_offer_completions_for_flags_or_options "meeting-eval verify" h help' -s 'h' -l 'help' -d 'Show help information.'
