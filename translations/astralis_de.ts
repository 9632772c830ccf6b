<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>Cli</name>
    <message>
        <source>Usage: astralis-cli [--verbose] COMMAND [ARGS…]

Astralis Console&apos;s command-line companion.

Commands:
  connection check   Connect to the database and report who you are signed in as
  connection show    Show how a DATABASE_URL is understood (the password is hidden)
  help [COMMAND]     Show help for a command

Global options:
  -h, --help         Show this help
  -V, --version      Show the version
  -v, --verbose      Also print the log to stderr

The database URL comes from --database-url or the DATABASE_URL environment variable:
  postgresql://USER:PASSWORD@HOST:5432/DATABASE?sslmode=require

Exit codes: 0 success, 1 failure, 2 usage error, 3 invalid database URL, 4 login refused,
5 server unreachable, 6 TLS failure, 7 database missing, 8 PostgreSQL driver missing.
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>astralis-cli: unknown option %1
Try &apos;astralis-cli --help&apos;.
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>astralis-cli: no help for unknown command &apos;%1&apos;
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>astralis-cli: &apos;%1&apos; is not a command. See &apos;astralis-cli --help&apos;.
</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConnectError</name>
    <message>
        <source>Invalid database URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PostgreSQL driver missing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrong user name or password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server does not accept this login</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown server name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server unreachable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connection timed out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Secure connection (TLS) failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Database not found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server busy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connection failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The Qt PostgreSQL driver is not installed. Install the package libqt6sql6-psql (or reinstall Astralis Console) and start the console again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server at %1 needs a password for &quot;%2&quot;. Enter it and connect again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server at %1 refused the user name &quot;%2&quot; or its password. Check both; if you have forgotten the password, ask your administrator to reset it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server at %1 does not allow &quot;%2&quot; to connect from this computer (or without TLS). Try sslmode=require, or ask your administrator to allow your login.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The name &quot;%1&quot; could not be found. Check the spelling of the host, or connect to your company VPN if the server is internal.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing answered at %1. Check the host and port, your network or VPN, and whether the database server is running.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 did not answer within %2 seconds. The network may be slow or a firewall may be dropping the connection; try again or raise connect_timeout in the URL.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The encrypted connection to %1 could not be set up (sslmode=%2). Check the sslmode and the root certificate file (sslrootcert); for verify-full the host name must match the server&apos;s certificate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server at %1 has no database named &quot;%2&quot;. Check the database name at the end of the URL.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server at %1 cannot take a connection right now (busy, starting or shutting down). The console will keep trying.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting to %1 failed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server said: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConnectionCommand</name>
    <message>
        <source>Usage: astralis-cli connection check [--database-url URL] [--json]
       astralis-cli connection show  [--database-url URL] [--json]

  check   Connect and print the login role, database and server version.
  show    Print how the URL is understood, without connecting; the password is hidden.

Options:
  --database-url URL   postgresql://USER:PASSWORD@HOST:PORT/DATABASE?sslmode=…
                       (default: the DATABASE_URL environment variable)
  --json               Print one JSON object instead of text
  -h, --help           Show this help
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;connection %1&apos; is not a command; use check or show.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--database-url needs a value.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown argument &apos;%1&apos;. See &apos;astralis-cli connection --help&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no database URL: pass --database-url or set DATABASE_URL.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>user:      %1
server:    %2
database:  %3
schema:    %4
sslmode:   %5
password:  %6
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(none)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(given, hidden)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected to %1 as %2 (PostgreSQL %3).
</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConnectionController</name>
    <message>
        <source>There is no saved connection named &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the password for %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No system keychain is available (%1), so the password cannot be saved safely. It is never written to disk in plain text: enter it each session.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no Secret Service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The password could not be saved in the keychain (%1); you will be asked for it next time.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConnectionDialog</name>
    <message>
        <source>disable — never encrypt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>allow — encrypt only if the server insists</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>prefer — encrypt when the server can</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>require — always encrypt, no certificate check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>verify-ca — encrypt and check the certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>verify-full — check the certificate and host name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect to Astralis</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved connections</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. Production</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CA certificate file, for verify-ca and verify-full</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remember the password in the system keychain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Database &amp;URL:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;TLS:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Root certificate:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The password was moved from the URL into the password field; URLs are saved without it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paste the DATABASE_URL your administrator gave you.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>socket %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, port %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User %1 · database %2 · %3 · TLS %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Root certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificates (*.crt *.pem *.cer);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConnectionStatusWidget</name>
    <message>
        <source>Online</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Offline — reconnecting in %n s</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Offline — reconnecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — PostgreSQL %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed in as %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Organization: not linked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Organization: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This login is not yet linked to an Astralis user and organization.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConnectionUrl</name>
    <message>
        <source>The URL parameter %1=%2 must be a whole number of at least %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No database URL was given. Expected the form postgresql://USER:PASSWORD@HOST:5432/DATABASE.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database URL must start with postgresql:// (it starts with &quot;%1&quot;).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database URL is not well-formed: %1. Special characters in the user name or password must be percent-encoded (for example @ as %40).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The port in the database URL must be between 1 and 65535.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The URL parameter %1 must not contain a semicolon.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The schema &quot;%1&quot; is not a valid PostgreSQL schema name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>host=%1 must be an absolute socket folder such as /var/run/postgresql; put a host name before the path instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sslmode=%1 is not one of: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database URL parameter &quot;%1&quot; is not supported. Supported: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database URL names no server: put a host after the @, or a socket folder in ?host=/path.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database URL names no user: put your login before the host, as in postgresql://jane@db.example.com/astralis.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database URL names no database: add it after the host, as in postgresql://jane@db.example.com:5432/astralis.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sslmode=%1 needs a TCP connection; a Unix socket is never encrypted. Use a host name, or sslmode=disable for the socket.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DatabaseService</name>
    <message>
        <source>The console is offline; the database is not reachable.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DatabaseWorker</name>
    <message>
        <source>The database was busy for longer than pool_timeout (%1 s); try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not connected to the database.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Astralis Console</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Connect to Server…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Disconnect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;Log Folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About Astralis Console</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — Astralis Console</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About Astralis Console</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;Astralis Console %1&lt;/h3&gt;&lt;p&gt;The desktop operations console for the staff of Astralis One.&lt;/p&gt;&lt;p&gt;Qt %2&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PlaceholderScreen</name>
    <message>
        <source>This screen is not built yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It arrives in a coming release. Until then it shows nothing, rather than sample data that could be mistaken for your organization&apos;s.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Light</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dark</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A new language takes effect when the console starts next.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Appearance:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ScreenCatalog</name>
    <message>
        <source>Boards</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pipeline kanban boards: drag cards between stages, WIP limits, swimlanes and filters, live for everyone on the board.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Intake</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The AI-routed intake queue: incoming requests with the suggested route, confidence and reasons, to accept or correct.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Calendar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Team calendars and availability, synchronised with CalDAV, Google and Microsoft calendars.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bookings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bookings made by customers and staff: confirm, reschedule and cancel.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Documents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scanned and PDF documents with an OCR overlay, and a chat pane that answers questions about the open document.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Orders</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Orders and their items through their status flow, from draft to fulfilment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Campaigns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Newsletter campaigns: audiences, scheduling, delivery and their statistics.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Engagements</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client engagements with their milestones, companies and contacts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The organization&apos;s records table by table, for lookups, bulk edits and exports.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SecretStore</name>
    <message>
        <source>the keychain did not answer within %1 s (it may be locked and waiting for a password)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Astralis Console — the operations console for Astralis One staff.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect with this DATABASE_URL (not saved).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect with the saved connection NAME.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open on SCREEN (boards, intake, calendar, …).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Appearance for this run: system, light or dark.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language for this run, e.g. de or en.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
