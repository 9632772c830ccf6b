<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>BoardCommand</name>
    <message>
        <source>due %1</source>
        <translation>fällig am %1</translation>
    </message>
    <message>
        <source>priority %1</source>
        <translation>Priorität %1</translation>
    </message>
    <message>
        <source>	archived</source>
        <translation>	archiviert</translation>
    </message>
    <message>
        <source>&apos;board move&apos; needs ITEM_ID and STAGE_KEY (or STAGE_ID).</source>
        <translation>&apos;board move&apos; benötigt ITEM_ID und STAGE_KEY (oder STAGE_ID).</translation>
    </message>
    <message>
        <source>there is no card %1 (or you may not see it).</source>
        <translation>es gibt keine Karte %1 (oder Sie dürfen sie nicht sehen).</translation>
    </message>
    <message>
        <source>the card&apos;s pipeline has no stage &apos;%1&apos;.</source>
        <translation>die Pipeline der Karte hat keine Phase &apos;%1&apos;.</translation>
    </message>
    <message>
        <source>&apos;item show&apos; needs ITEM_ID.</source>
        <translation>&apos;item show&apos; benötigt ITEM_ID.</translation>
    </message>
    <message>
        <source>id:          %1
title:       %2
stage:       %3
assignee:    %4
due:         %5
priority:    %6
version:     %7
description: %8
</source>
        <translation>ID:           %1
Titel:        %2
Phase:        %3
Zuständig:    %4
Fällig:       %5
Priorität:    %6
Version:      %7
Beschreibung: %8
</translation>
    </message>
    <message>
        <source>(nobody)</source>
        <translation>(niemand)</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(keines)</translation>
    </message>
    <message>
        <source>&apos;item edit&apos; needs ITEM_ID and at least one --field value.</source>
        <translation>&apos;item edit&apos; benötigt ITEM_ID und mindestens einen --field-Wert.</translation>
    </message>
    <message>
        <source>--priority takes 0, 1, 2 or 3.</source>
        <translation>--priority erwartet 0, 1, 2 oder 3.</translation>
    </message>
    <message>
        <source>--due takes a date as YYYY-MM-DD, or none.</source>
        <translation>--due erwartet ein Datum im Format YYYY-MM-DD oder none.</translation>
    </message>
    <message>
        <source>no one in this organization is &apos;%1&apos;.</source>
        <translation>in dieser Organisation gibt es niemanden namens &apos;%1&apos;.</translation>
    </message>
    <message>
        <source>&apos;item edit&apos; needs at least one of --title, --description, --priority, --due, --assignee, --stage.</source>
        <translation>&apos;item edit&apos; benötigt mindestens eine der Optionen --title, --description, --priority, --due, --assignee, --stage.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a command here. See --help.</source>
        <translation>&apos;%1&apos; ist hier kein Befehl. Siehe --help.</translation>
    </message>
    <message>
        <source>Queued: %1. It is sent when the server is reachable (astralis-cli sync push).
</source>
        <translation>In Warteschlange: %1 – wird gesendet, sobald der Server erreichbar ist (astralis-cli sync push).
</translation>
    </message>
    <message>
        <source>%1 (version %2).
</source>
        <translation>%1 (Version %2).
</translation>
    </message>
    <message>
        <source>someone changed the same fields of %1 meanwhile; your change waits as conflict #%2 (astralis-cli sync status, sync resolve).</source>
        <translation>jemand anderes hat inzwischen dieselben Felder von %1 geändert; Ihre Änderung wartet als Konflikt #%2 (astralis-cli sync status, sync resolve).</translation>
    </message>
    <message>
        <source>the server refused the change: %1</source>
        <translation>der Server hat die Änderung abgelehnt: %1</translation>
    </message>
    <message>
        <source>Queued: %1. Sending failed for now (%2); astralis-cli sync push retries.
</source>
        <translation>In Warteschlange: %1 – Senden vorerst fehlgeschlagen (%2); astralis-cli sync push versucht es erneut.
</translation>
    </message>
    <message>
        <source>the board &apos;%1&apos; was never loaded on this computer, and the server is not reachable.</source>
        <translation>das Board &apos;%1&apos; wurde auf diesem Computer noch nie geladen, und der Server ist nicht erreichbar.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; was changed by someone else meanwhile (now version %2).</source>
        <translation>„%1“ wurde inzwischen von jemand anderem geändert (jetzt Version %2).</translation>
    </message>
    <message>
        <source>Moved %1 to %2</source>
        <translation>%1 nach %2 verschoben</translation>
    </message>
    <message>
        <source>--assignee needs the server to look up &apos;%1&apos;.</source>
        <translation>für --assignee muss der Server erreichbar sein, um &apos;%1&apos; nachzuschlagen.</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>%1 gespeichert</translation>
    </message>
    <message>
        <source>Usage: astralis-cli board list [--pipeline KEY] [--json]
       astralis-cli board move ITEM_ID STAGE_KEY|STAGE_ID [--expect-version N]

  list   Without --pipeline: the pipelines. With it: its stages and cards in order.
  move   Move a card to the end of a stage of its pipeline.

Changes go through the local outbox: when the server is not reachable they are
queued (exit 0, &quot;Queued: …&quot;) and sent by the next command or &apos;sync push&apos;.
Exit codes: 10 the card changed meanwhile (--expect-version) or the same fields
were changed by someone else (a conflict, see &apos;sync status&apos;), 11 no such card.
</source>
        <translation>Aufruf: astralis-cli board list [--pipeline KEY] [--json]
        astralis-cli board move ITEM_ID STAGE_KEY|STAGE_ID [--expect-version N]

  list   Ohne --pipeline: die Pipelines. Mit --pipeline: deren Phasen und Karten der Reihe nach.
  move   Eine Karte an das Ende einer Phase ihrer Pipeline verschieben.

Änderungen laufen über die lokale Warteschlange: Ist der Server nicht erreichbar, werden sie
eingereiht (Exit-Code 0, „In Warteschlange: …“) und mit dem nächsten Befehl oder mit
&apos;sync push&apos; gesendet.
Exit-Codes: 10 die Karte wurde inzwischen geändert (--expect-version) oder dieselben Felder
wurden von jemand anderem geändert (ein Konflikt, siehe &apos;sync status&apos;), 11 Karte nicht vorhanden.
</translation>
    </message>
    <message>
        <source>Usage: astralis-cli item show ITEM_ID [--json]
       astralis-cli item edit ITEM_ID [--title T] [--description D] [--priority 0-3]
                                      [--due YYYY-MM-DD|none] [--assignee EMAIL|none]
                                      [--stage KEY] [--expect-version N]

Every change is recorded in the organization&apos;s activity log. Changes go through
the local outbox: offline they are queued and sent later (see &apos;sync&apos;).
Exit codes: 10 the card changed meanwhile (--expect-version) or the same fields
were changed by someone else (a conflict, see &apos;sync status&apos;), 11 no such card.
</source>
        <translation>Aufruf: astralis-cli item show ITEM_ID [--json]
        astralis-cli item edit ITEM_ID [--title T] [--description D] [--priority 0-3]
                                       [--due YYYY-MM-DD|none] [--assignee EMAIL|none]
                                       [--stage KEY] [--expect-version N]

Jede Änderung wird im Aktivitätsprotokoll der Organisation erfasst. Änderungen laufen über
die lokale Warteschlange: Offline werden sie eingereiht und später gesendet (siehe &apos;sync&apos;).
Exit-Codes: 10 die Karte wurde inzwischen geändert (--expect-version) oder dieselben Felder
wurden von jemand anderem geändert (ein Konflikt, siehe &apos;sync status&apos;), 11 Karte nicht vorhanden.
</translation>
    </message>
    <message>
        <source>astralis-cli: the server is not reachable; working from the local cache.
</source>
        <translation>astralis-cli: der Server ist nicht erreichbar; es wird mit dem lokalen Cache gearbeitet.
</translation>
    </message>
    <message>
        <source>card %1 was never loaded on this computer, and the server is not reachable.</source>
        <translation>die Karte %1 wurde auf diesem Computer noch nie geladen, und der Server ist nicht erreichbar.</translation>
    </message>
    <message>
        <source>Queued: %1. It waits behind a conflict of the same card; decide it first (astralis-cli sync status, sync resolve).
</source>
        <translation>In Warteschlange: %1 – durch einen offenen Konflikt derselben Karte blockiert; lösen Sie diesen zuerst (astralis-cli sync status, sync resolve).
</translation>
    </message>
    <message>
        <source>the local cache did not answer</source>
        <translation>der lokale Cache hat nicht geantwortet</translation>
    </message>
</context>
<context>
    <name>BoardController</name>
    <message>
        <source>The move was not saved: %1</source>
        <translation>Das Verschieben wurde nicht gespeichert: %1</translation>
    </message>
    <message>
        <source>Move card</source>
        <translation>Karte verschieben</translation>
    </message>
    <message numerus="yes">
        <source>Move %n card(s)</source>
        <translation>
            <numerusform>%n Karte verschieben</numerusform>
            <numerusform>%n Karten verschieben</numerusform>
        </translation>
    </message>
    <message>
        <source>Edit card</source>
        <translation>Karte bearbeiten</translation>
    </message>
    <message>
        <source>The change was not saved: %1</source>
        <translation>Die Änderung wurde nicht gespeichert: %1</translation>
    </message>
    <message>
        <source>Create card</source>
        <translation>Karte anlegen</translation>
    </message>
    <message>
        <source>Delete card</source>
        <translation>Karte löschen</translation>
    </message>
    <message>
        <source>The card was not created: %1</source>
        <translation>Die Karte wurde nicht angelegt: %1</translation>
    </message>
    <message numerus="yes">
        <source>Delete %n card(s)</source>
        <translation>
            <numerusform>%n Karte löschen</numerusform>
            <numerusform>%n Karten löschen</numerusform>
        </translation>
    </message>
    <message>
        <source>The server refused the change to &quot;%1&quot;: %2</source>
        <translation>Der Server hat die Änderung an „%1“ abgelehnt: %2</translation>
    </message>
    <message>
        <source>&quot;%1&quot; was deleted by someone else while you changed it; see Sync to recreate it or discard your change.</source>
        <translation>„%1“ wurde von jemand anderem gelöscht, während Sie die Karte geändert haben; unter „Synchronisierung“ können Sie sie neu anlegen oder Ihre Änderung verwerfen.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; was changed by someone else meanwhile; nothing was overwritten. See Sync to decide.</source>
        <translation>„%1“ wurde inzwischen von jemand anderem geändert; es wurde nichts überschrieben. Unter „Synchronisierung“ können Sie entscheiden, welche Version gilt.</translation>
    </message>
    <message>
        <source>The card was deleted meanwhile (or you may no longer see it).</source>
        <translation>Die Karte wurde inzwischen gelöscht (oder Sie dürfen sie nicht mehr sehen).</translation>
    </message>
    <message>
        <source>This board was never opened on this computer, and the server is not reachable. It opens when the server is back.</source>
        <translation>Dieses Board wurde auf diesem Computer noch nie geöffnet, und der Server ist nicht erreichbar. Es öffnet sich, sobald der Server wieder da ist.</translation>
    </message>
</context>
<context>
    <name>BoardRepository</name>
    <message>
        <source>This organization has no pipelines yet.</source>
        <translation>Diese Organisation hat noch keine Pipelines.</translation>
    </message>
    <message>
        <source>There is no pipeline &quot;%1&quot;.</source>
        <translation>Es gibt keine Pipeline „%1“.</translation>
    </message>
    <message>
        <source>A card needs a title.</source>
        <translation>Eine Karte benötigt einen Titel.</translation>
    </message>
    <message>
        <source>A title may have at most 500 characters.</source>
        <translation>Ein Titel darf höchstens 500 Zeichen lang sein.</translation>
    </message>
    <message>
        <source>Priority is 0 (none), 1 (normal), 2 (high) or 3 (urgent).</source>
        <translation>Die Priorität ist 0 (keine), 1 (normal), 2 (hoch) oder 3 (dringend).</translation>
    </message>
</context>
<context>
    <name>BoardScreen</name>
    <message>
        <source>Boards</source>
        <translation>Boards</translation>
    </message>
    <message>
        <source>Filter cards…</source>
        <translation>Karten filtern…</translation>
    </message>
    <message>
        <source>Sign in to see your organization&apos;s boards.</source>
        <translation>Melden Sie sich an, um die Boards Ihrer Organisation zu sehen.</translation>
    </message>
    <message>
        <source>%1 (archived)</source>
        <translation>%1 (archiviert)</translation>
    </message>
    <message>
        <source>This pipeline has no stages yet.</source>
        <translation>Diese Pipeline hat noch keine Phasen.</translation>
    </message>
    <message numerus="yes">
        <source>%n card(s)</source>
        <translation>
            <numerusform>%n Karte</numerusform>
            <numerusform>%n Karten</numerusform>
        </translation>
    </message>
    <message>
        <source>Move to</source>
        <translation>Verschieben nach</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Rückgängig</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Wiederherstellen</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Bearbeiten…</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Löschen</translation>
    </message>
    <message>
        <source>Assignee</source>
        <translation>Zuständig</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Priorität</translation>
    </message>
    <message>
        <source>Any priority</source>
        <translation>Alle Prioritäten</translation>
    </message>
    <message>
        <source>No priority</source>
        <translation>Keine Priorität</translation>
    </message>
    <message>
        <source>Due date</source>
        <translation>Fälligkeitsdatum</translation>
    </message>
    <message>
        <source>Any due date</source>
        <translation>Alle Fälligkeiten</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>Überfällig</translation>
    </message>
    <message>
        <source>Due in 7 days</source>
        <translation>In 7 Tagen fällig</translation>
    </message>
    <message>
        <source>No due date</source>
        <translation>Kein Fälligkeitsdatum</translation>
    </message>
    <message>
        <source>Board</source>
        <translation>Board</translation>
    </message>
    <message>
        <source>Table</source>
        <translation>Tabelle</translation>
    </message>
    <message>
        <source>My cards</source>
        <translation>Meine Karten</translation>
    </message>
    <message>
        <source>Anyone</source>
        <translation>Alle</translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation>Nicht zugewiesen</translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n card(s)</source>
        <translation>
            <numerusform>%1 von %n Karte</numerusform>
            <numerusform>%1 von %n Karten</numerusform>
        </translation>
    </message>
    <message>
        <source>Show or hide %1 beside the board</source>
        <translation>%1 neben dem Board ein- oder ausblenden</translation>
    </message>
    <message>
        <source>Swimlanes</source>
        <translation>Swimlanes</translation>
    </message>
    <message>
        <source>No swimlanes</source>
        <translation>Keine Swimlanes</translation>
    </message>
    <message>
        <source>By assignee</source>
        <translation>Nach zuständiger Person</translation>
    </message>
    <message>
        <source>By priority</source>
        <translation>Nach Priorität</translation>
    </message>
    <message>
        <source>Unknown person</source>
        <translation>Unbekannte Person</translation>
    </message>
    <message numerus="yes">
        <source>%1 · %n card(s)</source>
        <translation>
            <numerusform>%1 · %n Karte</numerusform>
            <numerusform>%1 · %n Karten</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CardDelegate</name>
    <message>
        <source>Urgent</source>
        <translation>Dringend</translation>
    </message>
    <message>
        <source>High</source>
        <translation>Hoch</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>Normal</translation>
    </message>
    <message>
        <source>Due today</source>
        <translation>Heute fällig</translation>
    </message>
    <message>
        <source>Due tomorrow</source>
        <translation>Morgen fällig</translation>
    </message>
    <message>
        <source>Due yesterday</source>
        <translation>Gestern fällig</translation>
    </message>
    <message numerus="yes">
        <source>Overdue %n day(s)</source>
        <translation>
            <numerusform>%n Tag überfällig</numerusform>
            <numerusform>%n Tage überfällig</numerusform>
        </translation>
    </message>
    <message>
        <source>Due %1</source>
        <translation>Fällig am %1</translation>
    </message>
</context>
<context>
    <name>CardEditorDialog</name>
    <message>
        <source>Edit Card</source>
        <translation>Karte bearbeiten</translation>
    </message>
    <message>
        <source>What is this card about?</source>
        <translation>Worum geht es bei dieser Karte?</translation>
    </message>
    <message>
        <source>Due on</source>
        <translation>Fällig am</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Keine</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>Normal</translation>
    </message>
    <message>
        <source>High</source>
        <translation>Hoch</translation>
    </message>
    <message>
        <source>Urgent</source>
        <translation>Dringend</translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation>&amp;Titel:</translation>
    </message>
    <message>
        <source>&amp;Description:</source>
        <translation>&amp;Beschreibung:</translation>
    </message>
    <message>
        <source>&amp;Assignee:</source>
        <translation>&amp;Zuständig:</translation>
    </message>
    <message>
        <source>D&amp;ue date:</source>
        <translation>&amp;Fälligkeitsdatum:</translation>
    </message>
    <message>
        <source>&amp;Priority:</source>
        <translation>&amp;Priorität:</translation>
    </message>
    <message>
        <source>&amp;Stage:</source>
        <translation>P&amp;hase:</translation>
    </message>
    <message>
        <source>Someone else saved this card while you were editing it.</source>
        <translation>Jemand anderes hat diese Karte gespeichert, während Sie sie bearbeitet haben.</translation>
    </message>
    <message>
        <source>&amp;Keep mine</source>
        <translation>&amp;Meine Version behalten</translation>
    </message>
    <message>
        <source>Save your changes over the other version.</source>
        <translation>Ihre Änderungen über die andere Version speichern.</translation>
    </message>
    <message>
        <source>Take &amp;theirs</source>
        <translation>&amp;Andere Version übernehmen</translation>
    </message>
    <message>
        <source>Load the other version into the form; your other changes stay.</source>
        <translation>Die andere Version in das Formular laden; Ihre übrigen Änderungen bleiben erhalten.</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Speichern</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <source>Assignee</source>
        <translation>Zuständig</translation>
    </message>
    <message>
        <source>Due date</source>
        <translation>Fälligkeitsdatum</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Priorität</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>Phase</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>(leer)</translation>
    </message>
    <message>
        <source>Nobody</source>
        <translation>Niemand</translation>
    </message>
    <message>
        <source>No due date</source>
        <translation>Kein Fälligkeitsdatum</translation>
    </message>
    <message>
        <source>Another stage</source>
        <translation>Andere Phase</translation>
    </message>
    <message>
        <source>The change was not saved.</source>
        <translation>Die Änderung wurde nicht gespeichert.</translation>
    </message>
    <message>
        <source>This card was deleted meanwhile, or you may no longer see it. Your changes cannot be saved.</source>
        <translation>Diese Karte wurde inzwischen gelöscht, oder Sie dürfen sie nicht mehr sehen. Ihre Änderungen können nicht gespeichert werden.</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Yours: %1</source>
        <translation>Ihre Version: %1</translation>
    </message>
    <message>
        <source>Theirs: %1</source>
        <translation>Andere Version: %1</translation>
    </message>
    <message>
        <source>None of your changes collide with theirs. Keep mine saves yours on top of their version.</source>
        <translation>Keine Ihrer Änderungen überschneidet sich mit der anderen Version. „Meine Version behalten“ speichert Ihre Änderungen auf Grundlage der anderen Version.</translation>
    </message>
    <message>
        <source>Nothing was overwritten. Choose which version to keep:</source>
        <translation>Es wurde nichts überschrieben. Wählen Sie, welche Version erhalten bleiben soll:</translation>
    </message>
    <message>
        <source>They also changed: %1 (kept either way).</source>
        <translation>In der anderen Version außerdem geändert: %1 (bleibt in jedem Fall erhalten).</translation>
    </message>
    <message>
        <source>Your other changes (%1) stay either way.</source>
        <translation>Ihre übrigen Änderungen (%1) bleiben in jedem Fall erhalten.</translation>
    </message>
    <message>
        <source>Their version is in the form now. Your other changes are still there: Save sends them.</source>
        <translation>Die andere Version steht jetzt im Formular. Ihre übrigen Änderungen sind weiterhin vorhanden: „Speichern“ überträgt sie.</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Wird gespeichert…</translation>
    </message>
</context>
<context>
    <name>CardTable</name>
    <message>
        <source>&amp;Assign</source>
        <translation>&amp;Zuweisen</translation>
    </message>
    <message>
        <source>&amp;Move</source>
        <translation>&amp;Verschieben</translation>
    </message>
    <message>
        <source>Assign to:</source>
        <translation>Zuweisen an:</translation>
    </message>
    <message>
        <source>Move to:</source>
        <translation>Verschieben nach:</translation>
    </message>
    <message>
        <source>Nobody</source>
        <translation>Niemand</translation>
    </message>
    <message numerus="yes">
        <source>%n card(s) selected</source>
        <translation>
            <numerusform>%n Karte ausgewählt</numerusform>
            <numerusform>%n Karten ausgewählt</numerusform>
        </translation>
    </message>
    <message>
        <source>Read-only</source>
        <translation>Schreibgeschützt</translation>
    </message>
    <message>
        <source>Select cards to change them together</source>
        <translation>Wählen Sie Karten aus, um sie gemeinsam zu ändern</translation>
    </message>
</context>
<context>
    <name>CardTableModel</name>
    <message>
        <source>Urgent</source>
        <translation>Dringend</translation>
    </message>
    <message>
        <source>High</source>
        <translation>Hoch</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>Normal</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>Phase</translation>
    </message>
    <message>
        <source>Assignee</source>
        <translation>Zuständig</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Fällig</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Priorität</translation>
    </message>
</context>
<context>
    <name>ChangeText</name>
    <message>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Priorität</translation>
    </message>
    <message>
        <source>Due date</source>
        <translation>Fälligkeitsdatum</translation>
    </message>
    <message>
        <source>Assignee</source>
        <translation>Zuständig</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>Phase</translation>
    </message>
    <message>
        <source>Place in the stage</source>
        <translation>Position in der Phase</translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation>Gelöscht</translation>
    </message>
    <message>
        <source>deleted</source>
        <translation>gelöscht</translation>
    </message>
    <message>
        <source>not deleted</source>
        <translation>nicht gelöscht</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(keines)</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Keine</translation>
    </message>
    <message>
        <source>Create in %1</source>
        <translation>In %1 anlegen</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <source>Recreate with your changes</source>
        <translation>Mit Ihren Änderungen neu anlegen</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>Wiederherstellen</translation>
    </message>
    <message>
        <source>Move to %1</source>
        <translation>Nach %1 verschieben</translation>
    </message>
    <message>
        <source>Reorder</source>
        <translation>Reihenfolge ändern</translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>Waiting to retry</source>
        <translation>Erneuter Versuch ausstehend</translation>
    </message>
    <message>
        <source>Waiting to send</source>
        <translation>Senden ausstehend</translation>
    </message>
    <message>
        <source>Deleted by someone else</source>
        <translation>Von jemand anderem gelöscht</translation>
    </message>
    <message>
        <source>Conflict</source>
        <translation>Konflikt</translation>
    </message>
    <message>
        <source>Refused by the server</source>
        <translation>Vom Server abgelehnt</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
</context>
<context>
    <name>Cli</name>
    <message>
        <source>astralis-cli: unknown option %1
Try &apos;astralis-cli --help&apos;.
</source>
        <translation>astralis-cli: unbekannte Option %1
Versuchen Sie &apos;astralis-cli --help&apos;.
</translation>
    </message>
    <message>
        <source>astralis-cli: no help for unknown command &apos;%1&apos;
</source>
        <translation>astralis-cli: keine Hilfe für unbekannten Befehl &apos;%1&apos;
</translation>
    </message>
    <message>
        <source>astralis-cli: &apos;%1&apos; is not a command. See &apos;astralis-cli --help&apos;.
</source>
        <translation>astralis-cli: &apos;%1&apos; ist kein Befehl. Siehe &apos;astralis-cli --help&apos;.
</translation>
    </message>
    <message>
        <source>%1 needs a value.</source>
        <translation>%1 benötigt einen Wert.</translation>
    </message>
    <message>
        <source>unknown argument &apos;%1&apos;.</source>
        <translation>unbekanntes Argument &apos;%1&apos;.</translation>
    </message>
    <message>
        <source>--database-url must not contain a password: every user of this computer can read it in the process list (ps). Leave it out and use one of: DATABASE_URL in the environment (it may hold the password), --password-stdin (the password on the first line of stdin), or the prompt (on a terminal, astralis-cli asks for it). In the console, a saved connection keeps the password in the system keychain.</source>
        <translation>--database-url darf kein Passwort enthalten: Jeder Benutzer dieses Computers kann es in der Prozessliste (ps) lesen. Lassen Sie es weg und verwenden Sie eines davon: DATABASE_URL in der Umgebung (darf das Passwort enthalten), --password-stdin (das Passwort in der ersten Zeile von stdin) oder die Abfrage (in einem Terminal fragt astralis-cli danach). In der Konsole bewahrt eine gespeicherte Verbindung das Passwort im Systemschlüsselbund auf.</translation>
    </message>
    <message>
        <source>no database URL: pass --database-url or set DATABASE_URL.</source>
        <translation>keine Datenbank-URL: Geben Sie --database-url an oder setzen Sie DATABASE_URL.</translation>
    </message>
    <message>
        <source>--password-stdin: the first line of stdin holds no password.</source>
        <translation>--password-stdin: Die erste Zeile von stdin enthält kein Passwort.</translation>
    </message>
    <message>
        <source>astralis-cli: warning: with sslmode=%1, someone on the network path to %2 can turn encryption off and read the password. Use sslmode=verify-full.
</source>
        <translation>astralis-cli: Warnung: Mit sslmode=%1 kann jemand auf dem Netzwerkweg zu %2 die Verschlüsselung abschalten und das Passwort mitlesen. Verwenden Sie sslmode=verify-full.
</translation>
    </message>
    <message>
        <source>Usage: astralis-cli [--verbose] COMMAND [ARGS…]

Astralis Console&apos;s command-line companion.

Commands:
  connection check   Connect to the database and report who you are signed in as
  connection show    Show how a DATABASE_URL is understood (the password is hidden)
  db status          Compare the database&apos;s migrations with this program&apos;s
  db deploy          Apply pending migrations
  db reset --force   Drop everything and deploy again (local servers only, or --allow-remote)
  db seed            Add the default organization, admin user, pipelines and templates
  db seed --demo     Add the two demo organizations (--size N pipeline items)
  db validate        Check migrations and tenant isolation in the live database
  board list|move    The pipeline boards: list pipelines or cards, move a card
  item show|edit     Show or change one card (recorded in the activity log)
  sync status|push   Changes made offline: list them, send them (also resolve, retry)
  staff add|disable|list
                     Manage staff logins (needs a privileged connection)
  help [COMMAND]     Show help for a command

Global options:
  -h, --help         Show this help
  -V, --version      Show the version
  -v, --verbose      Also print the log to stderr
  --password-stdin   Read the database password from the first line of stdin (staff add
                     then reads the new login&apos;s password from the second line)

The database URL comes from --database-url or the DATABASE_URL environment variable:
  postgresql://USER@HOST:5432/DATABASE
A password is never accepted in --database-url: every user of this computer can read the
command line. Put it in DATABASE_URL (postgresql://USER:PASSWORD@HOST/DATABASE), pipe it in
with --password-stdin, or leave it out: on a terminal, astralis-cli asks for it.
Without sslmode, servers other than localhost are reached with sslmode=verify-full.

Exit codes: 0 success, 1 failure, 2 usage error, 3 invalid database URL, 4 login refused,
5 server unreachable, 6 TLS failure, 7 database missing, 8 PostgreSQL driver missing,
9 no Astralis schema or an older one, 10 the card changed meanwhile (item edit
--expect-version), 11 no such card, 12 changes held for another database (sync).
</source>
        <translation>Aufruf: astralis-cli [--verbose] COMMAND [ARGS…]

Das Kommandozeilenwerkzeug zu Astralis Console.

Befehle:
  connection check   Mit der Datenbank verbinden und anzeigen, als wer Sie angemeldet sind
  connection show    Anzeigen, wie eine DATABASE_URL ausgewertet wird (Passwort verborgen)
  db status          Die Migrationen der Datenbank mit denen dieses Programms vergleichen
  db deploy          Ausstehende Migrationen anwenden
  db reset --force   Alles löschen und neu anwenden (nur lokale Server oder --allow-remote)
  db seed            Standardorganisation, Admin-Benutzer, Pipelines und Vorlagen hinzufügen
  db seed --demo     Die zwei Demo-Organisationen hinzufügen (--size N Pipeline-Einträge)
  db validate        Migrationen und Mandantentrennung in der laufenden Datenbank prüfen
  board list|move    Die Pipeline-Boards: Pipelines oder Karten auflisten, Karte verschieben
  item show|edit     Eine Karte anzeigen oder ändern (wird im Aktivitätsprotokoll erfasst)
  sync status|push   Offline vorgenommene Änderungen auflisten und senden (auch resolve, retry)
  staff add|disable|list
                     Mitarbeiteranmeldungen verwalten (erfordert eine privilegierte Verbindung)
  help [COMMAND]     Hilfe zu einem Befehl anzeigen

Globale Optionen:
  -h, --help         Diese Hilfe anzeigen
  -V, --version      Die Version anzeigen
  -v, --verbose      Das Protokoll zusätzlich auf stderr ausgeben
  --password-stdin   Das Datenbankpasswort aus der ersten Zeile von stdin lesen (staff add
                     liest das Passwort der neuen Anmeldung dann aus der zweiten Zeile)

Die Datenbank-URL stammt aus --database-url oder der Umgebungsvariable DATABASE_URL:
  postgresql://USER@HOST:5432/DATABASE
In --database-url wird nie ein Passwort angenommen: Jeder Benutzer dieses Computers kann die
Befehlszeile lesen. Setzen Sie es in DATABASE_URL (postgresql://USER:PASSWORD@HOST/DATABASE),
übergeben Sie es mit --password-stdin oder lassen Sie es weg: In einem Terminal fragt
astralis-cli danach.
Ohne sslmode werden Server außer localhost mit sslmode=verify-full erreicht.

Exit-Codes: 0 Erfolg, 1 Fehler, 2 Aufruffehler, 3 ungültige Datenbank-URL, 4 Anmeldung abgelehnt,
5 Server nicht erreichbar, 6 TLS-Fehler, 7 Datenbank fehlt, 8 PostgreSQL-Treiber fehlt,
9 kein oder ein älteres Astralis-Schema, 10 die Karte wurde inzwischen geändert (item edit
--expect-version), 11 keine solche Karte, 12 Änderungen für eine andere Datenbank zurückgehalten (sync).
</translation>
    </message>
</context>
<context>
    <name>CliDatabase</name>
    <message>
        <source>Password for %1: </source>
        <translation>Passwort für %1: </translation>
    </message>
</context>
<context>
    <name>ConflictDialog</name>
    <message>
        <source>Resolve a conflict</source>
        <translation>Konflikt lösen</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; was deleted by someone else while you changed it on this computer.</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; wurde von jemand anderem gelöscht, während Sie die Karte auf diesem Computer geändert haben.</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; was changed by someone else while you changed it on this computer. Nothing has been overwritten.</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; wurde von jemand anderem geändert, während Sie die Karte auf diesem Computer geändert haben. Es wurde nichts überschrieben.</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Feld</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>Vorher</translation>
    </message>
    <message>
        <source>Yours</source>
        <translation>Ihre Version</translation>
    </message>
    <message>
        <source>Theirs</source>
        <translation>Andere Version</translation>
    </message>
    <message>
        <source>Fields without ⚠ were changed only by you; they are kept with either choice but Take theirs.</source>
        <translation>Felder ohne ⚠ wurden nur von Ihnen geändert; sie bleiben bei jeder Wahl außer „Andere Version übernehmen“ erhalten.</translation>
    </message>
    <message>
        <source>&amp;Recreate</source>
        <translation>&amp;Neu anlegen</translation>
    </message>
    <message>
        <source>Restore the card with your changes.</source>
        <translation>Die Karte mit Ihren Änderungen wiederherstellen.</translation>
    </message>
    <message>
        <source>&amp;Discard mine</source>
        <translation>Meine Änderungen &amp;verwerfen</translation>
    </message>
    <message>
        <source>Leave the card deleted; your changes are dropped.</source>
        <translation>Die Karte bleibt gelöscht; Ihre Änderungen werden verworfen.</translation>
    </message>
    <message>
        <source>&amp;Keep mine</source>
        <translation>&amp;Meine Version behalten</translation>
    </message>
    <message>
        <source>Send your values over theirs.</source>
        <translation>Ihre Werte senden und damit die andere Version überschreiben.</translation>
    </message>
    <message>
        <source>Take &amp;theirs</source>
        <translation>&amp;Andere Version übernehmen</translation>
    </message>
    <message>
        <source>Drop your change; the card keeps their values.</source>
        <translation>Ihre Änderung verwerfen; die Karte behält die Werte der anderen Version.</translation>
    </message>
    <message>
        <source>Keep &amp;both</source>
        <translation>&amp;Beide behalten</translation>
    </message>
    <message>
        <source>The card keeps their values; a copy of it gets yours.</source>
        <translation>Die Karte behält die Werte der anderen Version; eine Kopie der Karte erhält Ihre Werte.</translation>
    </message>
    <message>
        <source>%1 (my version)</source>
        <translation>%1 (meine Version)</translation>
    </message>
</context>
<context>
    <name>ConnectError</name>
    <message>
        <source>Invalid database URL</source>
        <translation>Ungültige Datenbank-URL</translation>
    </message>
    <message>
        <source>PostgreSQL driver missing</source>
        <translation>PostgreSQL-Treiber fehlt</translation>
    </message>
    <message>
        <source>Password required</source>
        <translation>Passwort erforderlich</translation>
    </message>
    <message>
        <source>Wrong user name or password</source>
        <translation>Falscher Benutzername oder falsches Passwort</translation>
    </message>
    <message>
        <source>Server does not accept this login</source>
        <translation>Server akzeptiert diese Anmeldung nicht</translation>
    </message>
    <message>
        <source>Unknown server name</source>
        <translation>Unbekannter Servername</translation>
    </message>
    <message>
        <source>Server unreachable</source>
        <translation>Server nicht erreichbar</translation>
    </message>
    <message>
        <source>Connection timed out</source>
        <translation>Zeitüberschreitung der Verbindung</translation>
    </message>
    <message>
        <source>Secure connection (TLS) failed</source>
        <translation>Sichere Verbindung (TLS) fehlgeschlagen</translation>
    </message>
    <message>
        <source>Database not found</source>
        <translation>Datenbank nicht gefunden</translation>
    </message>
    <message>
        <source>Server busy</source>
        <translation>Server ausgelastet</translation>
    </message>
    <message>
        <source>Connection failed</source>
        <translation>Verbindung fehlgeschlagen</translation>
    </message>
    <message>
        <source>The Qt PostgreSQL driver is not installed. Install the package libqt6sql6-psql (or reinstall Astralis Console) and start the console again.</source>
        <translation>Der Qt-PostgreSQL-Treiber ist nicht installiert. Installieren Sie das Paket libqt6sql6-psql (oder installieren Sie Astralis Console neu) und starten Sie die Konsole erneut.</translation>
    </message>
    <message>
        <source>The server at %1 needs a password for &quot;%2&quot;. Enter it and connect again.</source>
        <translation>Der Server unter %1 benötigt ein Passwort für „%2“. Geben Sie es ein und verbinden Sie sich erneut.</translation>
    </message>
    <message>
        <source>The server at %1 refused the user name &quot;%2&quot; or its password. Check both; if you have forgotten the password, ask your administrator to reset it.</source>
        <translation>Der Server unter %1 hat den Benutzernamen „%2“ oder dessen Passwort abgelehnt. Überprüfen Sie beides; falls Sie das Passwort vergessen haben, bitten Sie Ihren Administrator, es zurückzusetzen.</translation>
    </message>
    <message>
        <source>The server at %1 does not allow &quot;%2&quot; to connect from this computer (or without TLS). Try sslmode=require, or ask your administrator to allow your login.</source>
        <translation>Der Server unter %1 erlaubt „%2“ keine Verbindung von diesem Computer (oder ohne TLS). Versuchen Sie sslmode=require oder bitten Sie Ihren Administrator, Ihre Anmeldung zuzulassen.</translation>
    </message>
    <message>
        <source>The name &quot;%1&quot; could not be found. Check the spelling of the host, or connect to your company VPN if the server is internal.</source>
        <translation>Der Name „%1“ wurde nicht gefunden. Überprüfen Sie die Schreibweise des Hosts oder verbinden Sie sich mit dem VPN Ihres Unternehmens, falls der Server intern ist.</translation>
    </message>
    <message>
        <source>Nothing answered at %1. Check the host and port, your network or VPN, and whether the database server is running.</source>
        <translation>Unter %1 hat nichts geantwortet. Überprüfen Sie Host und Port, Ihr Netzwerk oder VPN und ob der Datenbankserver läuft.</translation>
    </message>
    <message>
        <source>%1 did not answer within %2 seconds. The network may be slow or a firewall may be dropping the connection; try again or raise connect_timeout in the URL.</source>
        <translation>%1 hat nicht innerhalb von %2 Sekunden geantwortet. Möglicherweise ist das Netzwerk langsam oder eine Firewall verwirft die Verbindung; versuchen Sie es erneut oder erhöhen Sie connect_timeout in der URL.</translation>
    </message>
    <message>
        <source>The server at %1 has no database named &quot;%2&quot;. Check the database name at the end of the URL.</source>
        <translation>Der Server unter %1 hat keine Datenbank namens „%2“. Überprüfen Sie den Datenbanknamen am Ende der URL.</translation>
    </message>
    <message>
        <source>The server at %1 cannot take a connection right now (busy, starting or shutting down). The console will keep trying.</source>
        <translation>Der Server unter %1 kann derzeit keine Verbindung annehmen (ausgelastet, startet oder fährt herunter). Die Konsole versucht es weiter.</translation>
    </message>
    <message>
        <source>Connecting to %1 failed.</source>
        <translation>Die Verbindung zu %1 ist fehlgeschlagen.</translation>
    </message>
    <message>
        <source>Server said: %1</source>
        <translation>Meldung des Servers: %1</translation>
    </message>
    <message>
        <source>Not an Astralis database</source>
        <translation>Keine Astralis-Datenbank</translation>
    </message>
    <message>
        <source>Database needs an update</source>
        <translation>Datenbank muss aktualisiert werden</translation>
    </message>
    <message>
        <source>Login not linked</source>
        <translation>Anmeldung nicht verknüpft</translation>
    </message>
    <message>
        <source>The database &quot;%1&quot; has no Astralis schema. Check that the URL names the platform&apos;s database, or ask your administrator to run &apos;astralis-cli db deploy&apos;.</source>
        <translation>Die Datenbank „%1“ enthält kein Astralis-Schema. Überprüfen Sie, ob die URL die Datenbank der Plattform angibt, oder bitten Sie Ihren Administrator, &apos;astralis-cli db deploy&apos; auszuführen.</translation>
    </message>
    <message>
        <source>The database &quot;%1&quot; is older than this console (migrations not yet applied: %2). Ask your administrator to run &apos;astralis-cli db deploy&apos;.</source>
        <translation>Die Datenbank „%1“ ist älter als diese Konsole (noch nicht angewendete Migrationen: %2). Bitten Sie Ihren Administrator, &apos;astralis-cli db deploy&apos; auszuführen.</translation>
    </message>
    <message>
        <source>This login is not linked to an Astralis user. The PostgreSQL login &quot;%1&quot; works, but no staff member is linked to it (or it was disabled). Ask your administrator to run &apos;astralis-cli staff add --email YOUR-EMAIL --login %1&apos;.</source>
        <translation>Diese Anmeldung ist mit keinem Astralis-Benutzer verknüpft. Die PostgreSQL-Anmeldung „%1“ funktioniert, aber kein Mitarbeiter ist mit ihr verknüpft (oder die Verknüpfung wurde deaktiviert). Bitten Sie Ihren Administrator, &apos;astralis-cli staff add --email YOUR-EMAIL --login %1&apos; auszuführen.</translation>
    </message>
    <message>
        <source>The server at %1 did not prove over this connection that it holds the password verifier (channel binding). Something between you and the server may be relaying the connection; or the server stores the password as MD5, which cannot be bound: ask your administrator to set it again with SCRAM. channel_binding=prefer in the URL turns the check off.</source>
        <translation>Der Server unter %1 hat über diese Verbindung nicht nachgewiesen, dass er den Passwort-Verifier besitzt (Channel Binding). Möglicherweise leitet etwas zwischen Ihnen und dem Server die Verbindung weiter; oder der Server speichert das Passwort als MD5, das sich nicht binden lässt: Bitten Sie Ihren Administrator, es mit SCRAM neu zu setzen. channel_binding=prefer in der URL schaltet die Prüfung ab.</translation>
    </message>
    <message>
        <source>The encrypted connection to %1 could not be set up (sslmode=%2). Check the sslmode and the root certificate file (sslrootcert; without one the system&apos;s certificate authorities are used); for verify-full the host name must match the server&apos;s certificate. A server with a certificate of its own CA needs sslrootcert=/path/to/ca.crt.</source>
        <translation>Die verschlüsselte Verbindung zu %1 konnte nicht hergestellt werden (sslmode=%2). Überprüfen Sie sslmode und die Stammzertifikatsdatei (sslrootcert; ohne sie werden die Zertifizierungsstellen des Systems verwendet); bei verify-full muss der Hostname mit dem Zertifikat des Servers übereinstimmen. Ein Server mit einem Zertifikat einer eigenen Zertifizierungsstelle braucht sslrootcert=/pfad/zu/ca.crt.</translation>
    </message>
</context>
<context>
    <name>ConnectionCommand</name>
    <message>
        <source>&apos;connection %1&apos; is not a command; use check or show.</source>
        <translation>&apos;connection %1&apos; ist kein Befehl; verwenden Sie check oder show.</translation>
    </message>
    <message>
        <source>user:      %1
server:    %2
database:  %3
schema:    %4
sslmode:   %5
password:  %6
</source>
        <translation>Benutzer:  %1
Server:    %2
Datenbank: %3
Schema:    %4
sslmode:   %5
Passwort:  %6
</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(keines)</translation>
    </message>
    <message>
        <source>(given, hidden)</source>
        <translation>(angegeben, verborgen)</translation>
    </message>
    <message>
        <source>Connected to %1 as %2 (PostgreSQL %3).
</source>
        <translation>Mit %1 als %2 verbunden (PostgreSQL %3).
</translation>
    </message>
    <message>
        <source> See &apos;astralis-cli connection --help&apos;.</source>
        <translation> Siehe &apos;astralis-cli connection --help&apos;.</translation>
    </message>
    <message>
        <source>unexpected argument &apos;%1&apos;. See &apos;astralis-cli connection --help&apos;.</source>
        <translation>unerwartetes Argument &apos;%1&apos;. Siehe &apos;astralis-cli connection --help&apos;.</translation>
    </message>
    <message>
        <source>Usage: astralis-cli connection check [--database-url URL] [--json]
       astralis-cli connection show  [--database-url URL] [--json]

  check   Connect and print the login role, database, server version and TLS state.
  show    Print how the URL is understood, without connecting; the password is hidden.

Options:
  --database-url URL   postgresql://USER@HOST:PORT/DATABASE?sslmode=… without a password
                       (default: the DATABASE_URL environment variable, which may
                       hold one; or see astralis-cli --password-stdin)
  --json               Print one JSON object instead of text
  -h, --help           Show this help
</source>
        <translation>Aufruf: astralis-cli connection check [--database-url URL] [--json]
        astralis-cli connection show  [--database-url URL] [--json]

  check   Verbinden und Anmelderolle, Datenbank, Serverversion und TLS-Zustand ausgeben.
  show    Ohne Verbindung ausgeben, wie die URL ausgewertet wird; das Passwort wird verborgen.

Optionen:
  --database-url URL   postgresql://USER@HOST:PORT/DATABASE?sslmode=… ohne Passwort
                       (Standard: die Umgebungsvariable DATABASE_URL, die eines enthalten
                       darf; oder siehe astralis-cli --password-stdin)
  --json               Ein JSON-Objekt statt Text ausgeben
  -h, --help           Diese Hilfe anzeigen
</translation>
    </message>
    <message>
        <source>Connection: local socket, not encrypted (it never leaves this computer).
</source>
        <translation>Verbindung: lokaler Socket, nicht verschlüsselt (sie verlässt diesen Computer nie).
</translation>
    </message>
    <message>
        <source>Connection: NOT encrypted (sslmode=%1).
</source>
        <translation>Verbindung: NICHT verschlüsselt (sslmode=%1).
</translation>
    </message>
    <message>
        <source>Connection: %1, %2, sslmode=%3, channel binding required.
</source>
        <translation>Verbindung: %1, %2, sslmode=%3, Channel Binding erforderlich.
</translation>
    </message>
    <message>
        <source>Connection: %1, %2, sslmode=%3.
</source>
        <translation>Verbindung: %1, %2, sslmode=%3.
</translation>
    </message>
</context>
<context>
    <name>ConnectionController</name>
    <message>
        <source>There is no saved connection named &quot;%1&quot;.</source>
        <translation>Es gibt keine gespeicherte Verbindung namens „%1“.</translation>
    </message>
    <message>
        <source>Enter the password for %1.</source>
        <translation>Geben Sie das Passwort für %1 ein.</translation>
    </message>
    <message>
        <source>No system keychain is available (%1), so the password cannot be saved safely. It is never written to disk in plain text: enter it each session.</source>
        <translation>Es ist kein Systemschlüsselbund verfügbar (%1), daher kann das Passwort nicht sicher gespeichert werden. Es wird niemals im Klartext auf die Festplatte geschrieben: Geben Sie es in jeder Sitzung ein.</translation>
    </message>
    <message>
        <source>no Secret Service</source>
        <translation>kein Secret Service</translation>
    </message>
    <message>
        <source>The password could not be saved in the keychain (%1); you will be asked for it next time.</source>
        <translation>Das Passwort konnte nicht im Schlüsselbund gespeichert werden (%1); Sie werden beim nächsten Mal danach gefragt.</translation>
    </message>
    <message>
        <source>The database is newer than this console (%1). Everything known here works; update the console for the newest features.</source>
        <translation>Die Datenbank ist neuer als diese Konsole (%1). Alles hier Bekannte funktioniert; aktualisieren Sie die Konsole, um die neuesten Funktionen zu nutzen.</translation>
    </message>
    <message>
        <source>Starting the local demo workspace…</source>
        <translation>Lokale Demo-Umgebung wird gestartet…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Demo workspace</source>
        <translation>Demo-Umgebung</translation>
    </message>
    <message>
        <source>The demo workspace could not start</source>
        <translation>Die Demo-Umgebung konnte nicht gestartet werden</translation>
    </message>
</context>
<context>
    <name>ConnectionDialog</name>
    <message>
        <source>disable — never encrypt</source>
        <translation>disable — nie verschlüsseln</translation>
    </message>
    <message>
        <source>allow — encrypt only if the server insists</source>
        <translation>allow — nur verschlüsseln, wenn der Server es verlangt</translation>
    </message>
    <message>
        <source>prefer — encrypt when the server can</source>
        <translation>prefer — verschlüsseln, wenn der Server es unterstützt</translation>
    </message>
    <message>
        <source>require — always encrypt, no certificate check</source>
        <translation>require — immer verschlüsseln, keine Zertifikatsprüfung</translation>
    </message>
    <message>
        <source>verify-ca — encrypt and check the certificate</source>
        <translation>verify-ca — verschlüsseln und Zertifikat prüfen</translation>
    </message>
    <message>
        <source>verify-full — check the certificate and host name</source>
        <translation>verify-full — Zertifikat und Hostnamen prüfen</translation>
    </message>
    <message>
        <source>Connect to Astralis</source>
        <translation>Mit Astralis verbinden</translation>
    </message>
    <message>
        <source>&amp;New</source>
        <translation>&amp;Neu</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Löschen</translation>
    </message>
    <message>
        <source>Saved connections</source>
        <translation>Gespeicherte Verbindungen</translation>
    </message>
    <message>
        <source>e.g. Production</source>
        <translation>z. B. Produktion</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>Remember the password in the system keychain</source>
        <translation>Passwort im Systemschlüsselbund speichern</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>Na&amp;me:</translation>
    </message>
    <message>
        <source>Database &amp;URL:</source>
        <translation>Datenbank-&amp;URL:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Passwort:</translation>
    </message>
    <message>
        <source>&amp;TLS:</source>
        <translation>&amp;TLS:</translation>
    </message>
    <message>
        <source>&amp;Root certificate:</source>
        <translation>&amp;Stammzertifikat:</translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation>&amp;Verbinden</translation>
    </message>
    <message>
        <source>The password was moved from the URL into the password field; URLs are saved without it.</source>
        <translation>Das Passwort wurde aus der URL in das Passwortfeld verschoben; URLs werden ohne Passwort gespeichert.</translation>
    </message>
    <message>
        <source>Paste the DATABASE_URL your administrator gave you.</source>
        <translation>Fügen Sie die DATABASE_URL ein, die Sie von Ihrem Administrator erhalten haben.</translation>
    </message>
    <message>
        <source>socket %1</source>
        <translation>Socket %1</translation>
    </message>
    <message>
        <source>%1, port %2</source>
        <translation>%1, Port %2</translation>
    </message>
    <message>
        <source>User %1 · database %2 · %3 · TLS %4</source>
        <translation>Benutzer %1 · Datenbank %2 · %3 · TLS %4</translation>
    </message>
    <message>
        <source>Root certificate</source>
        <translation>Stammzertifikat</translation>
    </message>
    <message>
        <source>Certificates (*.crt *.pem *.cer);;All files (*)</source>
        <translation>Zertifikate (*.crt *.pem *.cer);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Verbindung wird hergestellt…</translation>
    </message>
    <message>
        <source>Try a &amp;Local Demo Workspace</source>
        <translation>Lokale &amp;Demo-Umgebung ausprobieren</translation>
    </message>
    <message>
        <source>Starts a private PostgreSQL database on this computer with sample data for two organizations, and signs you in as a demo staff member.</source>
        <translation>Startet eine private PostgreSQL-Datenbank auf diesem Computer mit Beispieldaten für zwei Organisationen und meldet Sie als Demo-Mitarbeiter an.</translation>
    </message>
    <message>
        <source>CA certificate file for verify-ca and verify-full (default: the system&apos;s authorities)</source>
        <translation>CA-Zertifikatsdatei für verify-ca und verify-full (Standard: die Zertifizierungsstellen des Systems)</translation>
    </message>
    <message>
        <source>Warning: with sslmode=%1 someone on the network path can turn encryption off and read the password. Use verify-full (or at least require).</source>
        <translation>Warnung: Mit sslmode=%1 kann jemand auf dem Netzwerkweg die Verschlüsselung abschalten und das Passwort mitlesen. Verwenden Sie verify-full (oder mindestens require).</translation>
    </message>
</context>
<context>
    <name>ConnectionStatusWidget</name>
    <message>
        <source>Online</source>
        <translation>Online</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>Verbindung zu %1 wird hergestellt…</translation>
    </message>
    <message numerus="yes">
        <source>Offline — reconnecting in %n s</source>
        <translation>
            <numerusform>Offline — erneuter Verbindungsversuch in %n s</numerusform>
            <numerusform>Offline — erneuter Verbindungsversuch in %n s</numerusform>
        </translation>
    </message>
    <message>
        <source>Offline — reconnecting…</source>
        <translation>Offline — erneuter Verbindungsversuch…</translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation>Nicht verbunden</translation>
    </message>
    <message>
        <source>%1 — PostgreSQL %2</source>
        <translation>%1 — PostgreSQL %2</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Signed in as %1</source>
        <translation>Angemeldet als %1</translation>
    </message>
    <message>
        <source>Organization: not linked</source>
        <translation>Organisation: nicht verknüpft</translation>
    </message>
    <message>
        <source>Organization: %1</source>
        <translation>Organisation: %1</translation>
    </message>
    <message>
        <source>This login is not yet linked to an Astralis user and organization.</source>
        <translation>Diese Anmeldung ist noch nicht mit einem Astralis-Benutzer und einer Organisation verknüpft.</translation>
    </message>
    <message>
        <source>Offline — working from this computer&apos;s copy, retrying</source>
        <translation>Offline – Arbeit mit der Kopie auf diesem Computer, neuer Versuch läuft</translation>
    </message>
    <message>
        <source>Local socket</source>
        <translation>Lokaler Socket</translation>
    </message>
    <message>
        <source>Connected through the local socket %1: the connection never leaves this computer.</source>
        <translation>Über den lokalen Socket %1 verbunden: Die Verbindung verlässt diesen Computer nie.</translation>
    </message>
    <message>
        <source>Encrypted with %1, cipher %2.</source>
        <translation>Verschlüsselt mit %1, Cipher %2.</translation>
    </message>
    <message>
        <source>Server certificate: checked, including the host name (verify-full).</source>
        <translation>Serverzertifikat: geprüft, einschließlich Hostname (verify-full).</translation>
    </message>
    <message>
        <source>Server certificate: checked against the certificate authority, not the host name (verify-ca).</source>
        <translation>Serverzertifikat: gegen die Zertifizierungsstelle geprüft, nicht gegen den Hostnamen (verify-ca).</translation>
    </message>
    <message>
        <source>Server certificate: not checked (sslmode=%1).</source>
        <translation>Serverzertifikat: nicht geprüft (sslmode=%1).</translation>
    </message>
    <message>
        <source>Not encrypted</source>
        <translation>Nicht verschlüsselt</translation>
    </message>
    <message>
        <source>The connection is not encrypted (sslmode=%1).</source>
        <translation>Die Verbindung ist nicht verschlüsselt (sslmode=%1).</translation>
    </message>
    <message>
        <source>Channel binding: required — the server proved it holds this login&apos;s password verifier over this very connection.</source>
        <translation>Channel Binding: erforderlich — der Server hat über genau diese Verbindung nachgewiesen, dass er den Passwort-Verifier dieser Anmeldung besitzt.</translation>
    </message>
    <message>
        <source>Channel binding: off (channel_binding=disable).</source>
        <translation>Channel Binding: aus (channel_binding=disable).</translation>
    </message>
    <message>
        <source>Channel binding: not required.</source>
        <translation>Channel Binding: nicht erforderlich.</translation>
    </message>
    <message>
        <source>Warning: with sslmode=%1 someone on the network path can turn encryption off unnoticed and read the password. Use sslmode=verify-full.</source>
        <translation>Warnung: Mit sslmode=%1 kann jemand auf dem Netzwerkweg die Verschlüsselung unbemerkt abschalten und das Passwort mitlesen. Verwenden Sie sslmode=verify-full.</translation>
    </message>
</context>
<context>
    <name>ConnectionUrl</name>
    <message>
        <source>The URL parameter %1=%2 must be a whole number of at least %3.</source>
        <translation>Der URL-Parameter %1=%2 muss eine ganze Zahl größer oder gleich %3 sein.</translation>
    </message>
    <message>
        <source>No database URL was given. Expected the form postgresql://USER:PASSWORD@HOST:5432/DATABASE.</source>
        <translation>Es wurde keine Datenbank-URL angegeben. Erwartet wird die Form postgresql://USER:PASSWORD@HOST:5432/DATABASE.</translation>
    </message>
    <message>
        <source>The URL parameter %1 must not contain a semicolon.</source>
        <translation>Der URL-Parameter %1 darf kein Semikolon enthalten.</translation>
    </message>
    <message>
        <source>The schema &quot;%1&quot; is not a valid PostgreSQL schema name.</source>
        <translation>Das Schema „%1“ ist kein gültiger PostgreSQL-Schemaname.</translation>
    </message>
    <message>
        <source>host=%1 must be an absolute socket folder such as /var/run/postgresql; put a host name before the path instead.</source>
        <translation>host=%1 muss ein absoluter Socket-Ordner wie /var/run/postgresql sein; geben Sie stattdessen einen Hostnamen vor dem Pfad an.</translation>
    </message>
    <message>
        <source>sslmode=%1 is not one of: %2.</source>
        <translation>sslmode=%1 ist keiner der folgenden Werte: %2.</translation>
    </message>
    <message>
        <source>The database URL parameter &quot;%1&quot; is not supported. Supported: %2.</source>
        <translation>Der Datenbank-URL-Parameter „%1“ wird nicht unterstützt. Unterstützt: %2.</translation>
    </message>
    <message>
        <source>The database URL names no server: put a host after the @, or a socket folder in ?host=/path.</source>
        <translation>Die Datenbank-URL nennt keinen Server: Geben Sie einen Host nach dem @ oder einen Socket-Ordner in ?host=/path an.</translation>
    </message>
    <message>
        <source>The database URL names no user: put your login before the host, as in postgresql://jane@db.example.com/astralis.</source>
        <translation>Die Datenbank-URL nennt keinen Benutzer: Geben Sie Ihren Anmeldenamen vor dem Host an, wie in postgresql://jane@db.example.com/astralis.</translation>
    </message>
    <message>
        <source>The database URL names no database: add it after the host, as in postgresql://jane@db.example.com:5432/astralis.</source>
        <translation>Die Datenbank-URL nennt keine Datenbank: Fügen Sie sie nach dem Host hinzu, wie in postgresql://jane@db.example.com:5432/astralis.</translation>
    </message>
    <message>
        <source>sslmode=%1 needs a TCP connection; a Unix socket is never encrypted. Use a host name, or sslmode=disable for the socket.</source>
        <translation>sslmode=%1 erfordert eine TCP-Verbindung; ein Unix-Socket wird nie verschlüsselt. Verwenden Sie einen Hostnamen oder sslmode=disable für den Socket.</translation>
    </message>
    <message>
        <source>The database URL is not well-formed (%1). Special characters in the user name or password must be percent-encoded, for example @ as %40.</source>
        <translation>Die Datenbank-URL ist fehlerhaft (%1). Sonderzeichen im Benutzernamen oder Passwort müssen prozentkodiert werden, zum Beispiel @ als %40.</translation>
    </message>
    <message>
        <source>The database URL must start with postgresql:// (it starts with %1://).</source>
        <translation>Die Datenbank-URL muss mit postgresql:// beginnen (sie beginnt mit %1://).</translation>
    </message>
    <message>
        <source>The database URL must start with postgresql://, as in postgresql://jane@db.example.com:5432/astralis.</source>
        <translation>Die Datenbank-URL muss mit postgresql:// beginnen, etwa postgresql://jane@db.example.com:5432/astralis.</translation>
    </message>
    <message>
        <source>The port in the database URL is not a number between 1 and 65535. If the password contains / # ? or @, percent-encode them (/ as %2F, # as %23, ? as %3F, @ as %40).</source>
        <translation>Der Port in der Datenbank-URL ist keine Zahl zwischen 1 und 65535. Enthält das Passwort / # ? oder @, müssen diese Zeichen prozentkodiert werden (/ als %2F, # als %23, ? als %3F, @ als %40).</translation>
    </message>
    <message>
        <source>channel_binding=%1 is not one of: %2.</source>
        <translation>channel_binding=%1 ist keiner der folgenden Werte: %2.</translation>
    </message>
    <message>
        <source>channel_binding=require needs an encrypted TCP connection: use sslmode=require or verify-full, or leave channel_binding out.</source>
        <translation>channel_binding=require erfordert eine verschlüsselte TCP-Verbindung: Verwenden Sie sslmode=require oder verify-full, oder lassen Sie channel_binding weg.</translation>
    </message>
</context>
<context>
    <name>ConsoleSession</name>
    <message>
        <source>Tasks</source>
        <translation>Aufgaben</translation>
    </message>
    <message>
        <source>The local cache cannot be used with this database: %1</source>
        <translation>Der lokale Cache kann mit dieser Datenbank nicht verwendet werden: %1</translation>
    </message>
    <message numerus="yes">
        <source>This cache belongs to another database (instance %1); its %n unsent change(s) stay there and are not sent to this server.</source>
        <translation>
            <numerusform>Dieser Cache gehört zu einer anderen Datenbank (Instanz %1); seine %n nicht gesendete Änderung bleibt dort und wird nicht an diesen Server gesendet.</numerusform>
            <numerusform>Dieser Cache gehört zu einer anderen Datenbank (Instanz %1); seine %n nicht gesendeten Änderungen bleiben dort und werden nicht an diesen Server gesendet.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DatabaseService</name>
    <message>
        <source>The console is offline; the database is not reachable.</source>
        <translation>Die Konsole ist offline; die Datenbank ist nicht erreichbar.</translation>
    </message>
</context>
<context>
    <name>DatabaseWorker</name>
    <message>
        <source>The database was busy for longer than pool_timeout (%1 s); try again.</source>
        <translation>Die Datenbank war länger als pool_timeout (%1 s) ausgelastet; versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>Not connected to the database.</source>
        <translation>Nicht mit der Datenbank verbunden.</translation>
    </message>
    <message>
        <source>the connection was closed</source>
        <translation>die Verbindung wurde geschlossen</translation>
    </message>
</context>
<context>
    <name>DbCommand</name>
    <message>
        <source>cannot read the migration status: %1</source>
        <translation>der Migrationsstatus kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>Database schema is up to date (%1 migrations).
</source>
        <translation>Das Datenbankschema ist aktuell (%1 Migrationen).
</translation>
    </message>
    <message>
        <source>The database has no Astralis schema yet.
</source>
        <translation>Die Datenbank hat noch kein Astralis-Schema.
</translation>
    </message>
    <message>
        <source>Not yet applied (run &apos;astralis-cli db deploy&apos;):</source>
        <translation>Noch nicht angewendet (führen Sie &apos;astralis-cli db deploy&apos; aus):</translation>
    </message>
    <message>
        <source>Applied but changed since (refused; restore the original files):</source>
        <translation>Angewendet, aber seitdem geändert (abgelehnt; stellen Sie die ursprünglichen Dateien wieder her):</translation>
    </message>
    <message>
        <source>Started but never finished:</source>
        <translation>Begonnen, aber nie abgeschlossen:</translation>
    </message>
    <message>
        <source>Applied by a newer version (this program is behind the database):</source>
        <translation>Von einer neueren Version angewendet (dieses Programm ist älter als die Datenbank):</translation>
    </message>
    <message>
        <source>Applied %1
</source>
        <translation>Angewendet: %1
</translation>
    </message>
    <message>
        <source> — the database was left as it was before this migration.</source>
        <translation> — die Datenbank wurde im Zustand vor dieser Migration belassen.</translation>
    </message>
    <message>
        <source>No pending migrations.
</source>
        <translation>Keine ausstehenden Migrationen.
</translation>
    </message>
    <message>
        <source>&apos;db reset&apos; deletes every table and all data in %1; pass --force to do it.</source>
        <translation>&apos;db reset&apos; löscht alle Tabellen und alle Daten in %1; geben Sie --force an, um dies auszuführen.</translation>
    </message>
    <message>
        <source>refusing to reset %1: it is not a local server. Pass --allow-remote as well if you really mean to delete that database&apos;s data.</source>
        <translation>%1 wird nicht zurückgesetzt: Es ist kein lokaler Server. Geben Sie zusätzlich --allow-remote an, wenn Sie die Daten dieser Datenbank wirklich löschen möchten.</translation>
    </message>
    <message>
        <source>reset failed: %1</source>
        <translation>Zurücksetzen fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Dropped every table in %1.
</source>
        <translation>Alle Tabellen in %1 gelöscht.
</translation>
    </message>
    <message>
        <source>--size takes a number of pipeline items between 1 and 1000000.</source>
        <translation>--size erwartet eine Anzahl von Pipeline-Einträgen zwischen 1 und 1000000.</translation>
    </message>
    <message>
        <source>--size only applies with --demo.</source>
        <translation>--size gilt nur zusammen mit --demo.</translation>
    </message>
    <message>
        <source>the database schema is not up to date; run &apos;astralis-cli db deploy&apos; first.</source>
        <translation>das Datenbankschema ist nicht aktuell; führen Sie zuerst &apos;astralis-cli db deploy&apos; aus.</translation>
    </message>
    <message>
        <source>seeding failed, nothing was added: %1</source>
        <translation>Befüllen fehlgeschlagen, es wurde nichts hinzugefügt: %1</translation>
    </message>
    <message>
        <source>astralis-cli: migrations are not up to date (&apos;astralis-cli db status&apos; says why).
</source>
        <translation>astralis-cli: die Migrationen sind nicht aktuell (&apos;astralis-cli db status&apos; nennt den Grund).
</translation>
    </message>
    <message>
        <source>Usage: astralis-cli db COMMAND [--database-url URL]

  status                        Compare the database&apos;s migrations with this program&apos;s
                                (exit 0 when up to date, 1 otherwise)
  deploy                        Apply pending migrations, each in one transaction
  reset --force [--allow-remote]
                                Drop every table, then deploy; refused on a server that is
                                not local unless --allow-remote is given as well
  seed [--demo [--size N]]      Add the default organization, admin user, pipelines and
                                templates; --demo adds two demo organizations with N
                                pipeline items (default 300) and their staff logins
  validate                      Check migrations and tenant isolation in the live database

The URL comes from --database-url or DATABASE_URL; use a privileged login (the migration
owner), never a staff login.
</source>
        <translation>Aufruf: astralis-cli db COMMAND [--database-url URL]

  status                        Die Migrationen der Datenbank mit denen dieses Programms
                                vergleichen (Exit-Code 0, wenn aktuell, sonst 1)
  deploy                        Ausstehende Migrationen anwenden, jede in einer Transaktion
  reset --force [--allow-remote]
                                Alle Tabellen löschen, dann Migrationen anwenden; auf einem
                                nicht lokalen Server nur zusätzlich mit --allow-remote erlaubt
  seed [--demo [--size N]]      Standardorganisation, Admin-Benutzer, Pipelines und Vorlagen
                                hinzufügen; --demo fügt zwei Demo-Organisationen mit N
                                Pipeline-Einträgen (Standard 300) und deren Anmeldungen hinzu
  validate                      Migrationen und Mandantentrennung in der laufenden Datenbank prüfen

Die URL stammt aus --database-url oder DATABASE_URL; verwenden Sie eine privilegierte Anmeldung
(den Eigentümer der Migrationen), niemals eine Mitarbeiteranmeldung.
</translation>
    </message>
    <message>
        <source>&apos;db %1&apos; is not a command. See &apos;astralis-cli db --help&apos;.</source>
        <translation>&apos;db %1&apos; ist kein Befehl. Siehe &apos;astralis-cli db --help&apos;.</translation>
    </message>
    <message>
        <source> See &apos;astralis-cli db --help&apos;.</source>
        <translation> Siehe &apos;astralis-cli db --help&apos;.</translation>
    </message>
    <message>
        <source>unexpected argument &apos;%1&apos;.</source>
        <translation>unerwartetes Argument &apos;%1&apos;.</translation>
    </message>
    <message>
        <source>Valid: migrations up to date; %1 tenant tables with forced row-level security; %2 other tables classified; columns: %3 secret (never granted), %4 platform (read-only), %5 fixed (set at creation), %6 staff-writable; every staff write audited, versions and status flows kept by the database.
</source>
        <translation>Gültig: Migrationen aktuell; %1 Mandantentabellen mit erzwungener Sicherheit auf Zeilenebene; %2 weitere Tabellen eingeordnet; Spalten: %3 geheim (nie freigegeben), %4 Plattform (nur lesbar), %5 fest (beim Anlegen gesetzt), %6 für Mitarbeiter beschreibbar; jede Änderung von Mitarbeitern protokolliert, Versionen und Statusabläufe von der Datenbank geführt.
</translation>
    </message>
</context>
<context>
    <name>EmbeddedCluster</name>
    <message>
        <source>timed out</source>
        <translation>Zeitüberschreitung</translation>
    </message>
    <message>
        <source>The PostgreSQL server is not installed, so the local demo workspace cannot start. Install the package &quot;postgresql&quot; and try again.</source>
        <translation>Der PostgreSQL-Server ist nicht installiert, daher kann die lokale Demo-Umgebung nicht gestartet werden. Installieren Sie das Paket „postgresql“ und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>Creating the demo database cluster…</source>
        <translation>Demo-Datenbankcluster wird erstellt…</translation>
    </message>
    <message>
        <source>Creating the demo database failed: %1</source>
        <translation>Die Demo-Datenbank konnte nicht erstellt werden: %1</translation>
    </message>
    <message>
        <source>Starting the demo database…</source>
        <translation>Demo-Datenbank wird gestartet…</translation>
    </message>
    <message>
        <source>The demo database was not shut down cleanly last time; PostgreSQL recovered it.</source>
        <translation>Die Demo-Datenbank wurde beim letzten Mal nicht sauber heruntergefahren; PostgreSQL hat sie wiederhergestellt.</translation>
    </message>
    <message>
        <source>The demo database did not start: %1 (see %2)</source>
        <translation>Die Demo-Datenbank konnte nicht gestartet werden: %1 (siehe %2)</translation>
    </message>
    <message>
        <source>Cannot reach the demo database: %1</source>
        <translation>Die Demo-Datenbank ist nicht erreichbar: %1</translation>
    </message>
    <message>
        <source>Cannot open the demo database: %1</source>
        <translation>Die Demo-Datenbank kann nicht geöffnet werden: %1</translation>
    </message>
    <message>
        <source>Updating the demo database…</source>
        <translation>Demo-Datenbank wird aktualisiert…</translation>
    </message>
    <message>
        <source>Filling the demo workspace with sample data…</source>
        <translation>Demo-Umgebung wird mit Beispieldaten gefüllt…</translation>
    </message>
    <message>
        <source>Seeding the demo workspace failed: %1</source>
        <translation>Die Demo-Umgebung konnte nicht mit Beispieldaten gefüllt werden: %1</translation>
    </message>
    <message>
        <source>Waited 30 s for another console that is starting the demo workspace. Close it and try again, or delete %1 if no console is running.</source>
        <translation>30 s lang auf eine andere Konsole gewartet, die die Demo-Umgebung startet. Schließen Sie sie und versuchen Sie es erneut, oder löschen Sie %1, falls keine Konsole läuft.</translation>
    </message>
    <message>
        <source>The folder %1 does not exist.</source>
        <translation>Der Ordner %1 existiert nicht.</translation>
    </message>
    <message>
        <source>%1 is a symbolic link. The demo workspace never follows links in its folders: replace it with a real folder, or set ASTRALIS_DEMO_DIR to another folder.</source>
        <translation>%1 ist ein symbolischer Link. Die Demo-Umgebung folgt in ihren Ordnern nie Links: Ersetzen Sie ihn durch einen echten Ordner, oder setzen Sie ASTRALIS_DEMO_DIR auf einen anderen Ordner.</translation>
    </message>
    <message>
        <source>%1 is not a folder. Move it away, or set ASTRALIS_DEMO_DIR to another folder.</source>
        <translation>%1 ist kein Ordner. Verschieben Sie es, oder setzen Sie ASTRALIS_DEMO_DIR auf einen anderen Ordner.</translation>
    </message>
    <message>
        <source>The folder %1, on the way to the demo folder, belongs to the account &quot;%2&quot;, who could swap the demo folder for a link. Set ASTRALIS_DEMO_DIR to a folder that only you (or root) can change.</source>
        <translation>Der Ordner %1 auf dem Weg zum Demo-Ordner gehört dem Konto „%2“, das den Demo-Ordner durch einen Link ersetzen könnte. Setzen Sie ASTRALIS_DEMO_DIR auf einen Ordner, den nur Sie (oder root) ändern können.</translation>
    </message>
    <message>
        <source>The folder %1, on the way to the demo folder, can be changed by other accounts (group- or world-writable, without the sticky bit). Set ASTRALIS_DEMO_DIR to a folder that only you (or root) can change.</source>
        <translation>Der Ordner %1 auf dem Weg zum Demo-Ordner kann von anderen Konten geändert werden (für Gruppe oder alle beschreibbar, ohne Sticky-Bit). Setzen Sie ASTRALIS_DEMO_DIR auf einen Ordner, den nur Sie (oder root) ändern können.</translation>
    </message>
    <message>
        <source>Cannot use %1: %2. Check its permissions, or set ASTRALIS_DEMO_DIR to another folder.</source>
        <translation>%1 kann nicht verwendet werden: %2. Prüfen Sie die Berechtigungen, oder setzen Sie ASTRALIS_DEMO_DIR auf einen anderen Ordner.</translation>
    </message>
    <message>
        <source>Cannot change the permissions of %1: %2. Check that the folder is yours, or set ASTRALIS_DEMO_DIR to another folder.</source>
        <translation>Die Berechtigungen von %1 können nicht geändert werden: %2. Prüfen Sie, ob der Ordner Ihnen gehört, oder setzen Sie ASTRALIS_DEMO_DIR auf einen anderen Ordner.</translation>
    </message>
    <message>
        <source>The demo folder %1 belongs to the account &quot;%2&quot;, not to you, so it is not used: that account could read the demo database or replace its files. Set ASTRALIS_DEMO_DIR to a folder of your own.</source>
        <translation>Der Demo-Ordner %1 gehört dem Konto „%2“, nicht Ihnen, und wird daher nicht verwendet: Dieses Konto könnte die Demo-Datenbank lesen oder ihre Dateien ersetzen. Setzen Sie ASTRALIS_DEMO_DIR auf einen eigenen Ordner.</translation>
    </message>
    <message>
        <source>Cannot give the demo folder %1 back to root: %2.</source>
        <translation>Der Demo-Ordner %1 kann nicht an root zurückgegeben werden: %2.</translation>
    </message>
    <message>
        <source>The demo folder %1 can be changed by other accounts (it is group- or world-writable), so it is not used. Make it private (chmod go-w %1), or set ASTRALIS_DEMO_DIR to another folder.</source>
        <translation>Der Demo-Ordner %1 kann von anderen Konten geändert werden (für Gruppe oder alle beschreibbar) und wird daher nicht verwendet. Machen Sie ihn privat (chmod go-w %1), oder setzen Sie ASTRALIS_DEMO_DIR auf einen anderen Ordner.</translation>
    </message>
    <message>
        <source>%1 belongs to the account &quot;%2&quot;, not to you. Delete it, or set ASTRALIS_DEMO_DIR to another folder.</source>
        <translation>%1 gehört dem Konto „%2“, nicht Ihnen. Löschen Sie es, oder setzen Sie ASTRALIS_DEMO_DIR auf einen anderen Ordner.</translation>
    </message>
    <message>
        <source>%1 belongs to the account &quot;%2&quot; instead of &quot;%3&quot;, the one the demo database runs as. Delete it, or set ASTRALIS_DEMO_DIR to another folder.</source>
        <translation>%1 gehört dem Konto „%2“ statt „%3“, unter dem die Demo-Datenbank läuft. Löschen Sie es, oder setzen Sie ASTRALIS_DEMO_DIR auf einen anderen Ordner.</translation>
    </message>
    <message>
        <source>Cannot give %1 to the account &quot;%2&quot; the demo database runs as: %3.</source>
        <translation>%1 kann nicht an das Konto „%2“ übergeben werden, unter dem die Demo-Datenbank läuft: %3.</translation>
    </message>
    <message>
        <source>The demo folder&apos;s path is too long for a PostgreSQL socket: %1 would be %2 bytes, and at most %3 fit. Set ASTRALIS_DEMO_DIR to a shorter folder.</source>
        <translation>Der Pfad des Demo-Ordners ist für einen PostgreSQL-Socket zu lang: %1 hätte %2 Bytes, höchstens %3 passen. Setzen Sie ASTRALIS_DEMO_DIR auf einen kürzeren Ordner.</translation>
    </message>
    <message>
        <source>The account &quot;postgres&quot; is missing, so the demo workspace cannot run as root. Reinstall the package &quot;postgresql&quot;, or start the console as an ordinary user.</source>
        <translation>Das Konto „postgres“ fehlt, daher kann die Demo-Umgebung nicht als root laufen. Installieren Sie das Paket „postgresql“ neu, oder starten Sie die Konsole als gewöhnlicher Benutzer.</translation>
    </message>
    <message>
        <source>%1 is in the way: it is not a file this console wrote. Move it away, or set ASTRALIS_DEMO_DIR to another folder.</source>
        <translation>%1 ist im Weg: Es ist keine Datei, die diese Konsole geschrieben hat. Verschieben Sie es, oder setzen Sie ASTRALIS_DEMO_DIR auf einen anderen Ordner.</translation>
    </message>
    <message>
        <source>Cannot write %1: %2.</source>
        <translation>%1 kann nicht geschrieben werden: %2.</translation>
    </message>
    <message>
        <source>%1 holds no PostgreSQL cluster and was not created by Astralis Console, so it was left untouched. Move or delete it yourself, or set ASTRALIS_DEMO_DIR to another folder.</source>
        <translation>%1 enthält keinen PostgreSQL-Cluster und wurde nicht von Astralis Console angelegt, daher wurde es nicht angetastet. Verschieben oder löschen Sie es selbst, oder setzen Sie ASTRALIS_DEMO_DIR auf einen anderen Ordner.</translation>
    </message>
    <message>
        <source>An unfinished demo database in %1 could not be cleared: %2. Delete its contents yourself and start the demo workspace again.</source>
        <translation>Eine unvollständige Demo-Datenbank in %1 konnte nicht geleert werden: %2. Löschen Sie ihren Inhalt selbst und starten Sie die Demo-Umgebung erneut.</translation>
    </message>
    <message>
        <source>Cannot configure the demo database (%1): %2.</source>
        <translation>Die Demo-Datenbank kann nicht eingerichtet werden (%1): %2.</translation>
    </message>
    <message>
        <source>Cannot register this console in %1: %2.</source>
        <translation>Diese Konsole kann nicht in %1 eingetragen werden: %2.</translation>
    </message>
</context>
<context>
    <name>LocalCache</name>
    <message>
        <source>The database has no instance id (astralis_instance_id() is missing): its schema is older than this console. Update it with astralis-cli db deploy.</source>
        <translation>Die Datenbank hat keine Instanz-ID (astralis_instance_id() fehlt): Ihr Schema ist älter als diese Konsole. Aktualisieren Sie sie mit astralis-cli db deploy.</translation>
    </message>
    <message>
        <source>The database&apos;s instance id could not be read: %1</source>
        <translation>Die Instanz-ID der Datenbank konnte nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>The database has no instance id.</source>
        <translation>Die Datenbank hat keine Instanz-ID.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Astralis Console</source>
        <translation>Astralis Console</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Connect to Server…</source>
        <translation>Mit Server &amp;verbinden…</translation>
    </message>
    <message>
        <source>&amp;Disconnect</source>
        <translation>Verbindung &amp;trennen</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>&amp;Gehe zu</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>Open &amp;Log Folder</source>
        <translation>&amp;Protokollordner öffnen</translation>
    </message>
    <message>
        <source>&amp;About Astralis Console</source>
        <translation>Ü&amp;ber Astralis Console</translation>
    </message>
    <message>
        <source>%1 — Astralis Console</source>
        <translation>%1 — Astralis Console</translation>
    </message>
    <message>
        <source>About Astralis Console</source>
        <translation>Über Astralis Console</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Astralis Console %1&lt;/h3&gt;&lt;p&gt;The desktop operations console for the staff of Astralis One.&lt;/p&gt;&lt;p&gt;Qt %2&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Astralis Console %1&lt;/h3&gt;&lt;p&gt;Die Desktop-Betriebskonsole für die Mitarbeiter von Astralis One.&lt;/p&gt;&lt;p&gt;Qt %2&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>OfflineBanner</name>
    <message>
        <source>&lt;b&gt;Offline since %1.&lt;/b&gt; You are working with what this computer last loaded. Changes are saved here and sent when the server is back; the status bar shows how many are waiting.</source>
        <translation>&lt;b&gt;Offline seit %1.&lt;/b&gt; Sie arbeiten mit den Daten, die dieser Computer zuletzt geladen hat. Änderungen werden lokal gespeichert und gesendet, sobald der Server wieder erreichbar ist; die Statusleiste zeigt, wie viele noch ausstehen.</translation>
    </message>
</context>
<context>
    <name>OutboxTracker</name>
    <message>
        <source>the local cache is not available</source>
        <translation>der lokale Cache ist nicht verfügbar</translation>
    </message>
</context>
<context>
    <name>PipelineItemApplier</name>
    <message>
        <source>The server gave no answer to a replayed change.</source>
        <translation>Der Server hat auf eine erneut gesendete Änderung nicht geantwortet.</translation>
    </message>
    <message>
        <source>The card&apos;s stage no longer exists (or is not visible to you).</source>
        <translation>Die Phase der Karte existiert nicht mehr (oder ist für Sie nicht sichtbar).</translation>
    </message>
    <message>
        <source>The card was restored meanwhile.</source>
        <translation>Die Karte wurde inzwischen wiederhergestellt.</translation>
    </message>
    <message>
        <source>The card changed while the change was sent; it is sent again.</source>
        <translation>Die Karte wurde während des Sendens geändert; die Änderung wird erneut gesendet.</translation>
    </message>
    <message>
        <source>The server already has a change with this change&apos;s id (%1) for another item; it was not applied. Discard it and make the change again.</source>
        <translation>Der Server hat bereits eine Änderung mit der Kennung dieser Änderung (%1) für einen anderen Eintrag; sie wurde nicht übernommen. Verwerfen Sie sie und nehmen Sie die Änderung erneut vor.</translation>
    </message>
</context>
<context>
    <name>PlaceholderScreen</name>
    <message>
        <source>This screen is not built yet</source>
        <translation>Diese Ansicht ist noch nicht fertiggestellt</translation>
    </message>
    <message>
        <source>It arrives in a coming release. Until then it shows nothing, rather than sample data that could be mistaken for your organization&apos;s.</source>
        <translation>Sie folgt in einer kommenden Version. Bis dahin zeigt sie nichts an, statt Beispieldaten, die mit den Daten Ihrer Organisation verwechselt werden könnten.</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>Systemsprache</translation>
    </message>
    <message>
        <source>System</source>
        <translation>System</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Hell</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Dunkel</translation>
    </message>
    <message>
        <source>A new language takes effect when the console starts next.</source>
        <translation>Eine neue Sprache wird beim nächsten Start der Konsole wirksam.</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Sprache:</translation>
    </message>
    <message>
        <source>&amp;Appearance:</source>
        <translation>&amp;Erscheinungsbild:</translation>
    </message>
</context>
<context>
    <name>ProviderGate</name>
    <message>
        <source>Saved on this computer; it is sent to %1 when the network is back.</source>
        <translation>Auf diesem Computer gespeichert; wird an %1 gesendet, sobald das Netzwerk wieder verfügbar ist.</translation>
    </message>
    <message>
        <source>%1 cannot be asked while offline, and this question was not asked before on this computer. Try again when the network is back.</source>
        <translation>%1 kann offline nicht gefragt werden, und diese Frage wurde auf diesem Computer noch nie gestellt. Versuchen Sie es erneut, sobald das Netzwerk wieder verfügbar ist.</translation>
    </message>
</context>
<context>
    <name>ScreenCatalog</name>
    <message>
        <source>Boards</source>
        <translation>Boards</translation>
    </message>
    <message>
        <source>Pipeline kanban boards: drag cards between stages, WIP limits, swimlanes and filters, live for everyone on the board.</source>
        <translation>Kanban-Boards für Pipelines: Karten zwischen Phasen verschieben, WIP-Limits, Swimlanes und Filter, live für alle auf dem Board.</translation>
    </message>
    <message>
        <source>Intake</source>
        <translation>Eingang</translation>
    </message>
    <message>
        <source>The AI-routed intake queue: incoming requests with the suggested route, confidence and reasons, to accept or correct.</source>
        <translation>Die KI-gesteuerte Eingangswarteschlange: eingehende Anfragen mit vorgeschlagener Zuordnung, Konfidenz und Begründung zum Annehmen oder Korrigieren.</translation>
    </message>
    <message>
        <source>Calendar</source>
        <translation>Kalender</translation>
    </message>
    <message>
        <source>Team calendars and availability, synchronised with CalDAV, Google and Microsoft calendars.</source>
        <translation>Teamkalender und Verfügbarkeiten, synchronisiert mit CalDAV-, Google- und Microsoft-Kalendern.</translation>
    </message>
    <message>
        <source>Bookings</source>
        <translation>Buchungen</translation>
    </message>
    <message>
        <source>Bookings made by customers and staff: confirm, reschedule and cancel.</source>
        <translation>Buchungen von Kunden und Mitarbeitern: bestätigen, verschieben und stornieren.</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>Dokumente</translation>
    </message>
    <message>
        <source>Scanned and PDF documents with an OCR overlay, and a chat pane that answers questions about the open document.</source>
        <translation>Gescannte und PDF-Dokumente mit OCR-Ebene sowie ein Chatbereich, der Fragen zum geöffneten Dokument beantwortet.</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>Bestellungen</translation>
    </message>
    <message>
        <source>Orders and their items through their status flow, from draft to fulfilment.</source>
        <translation>Bestellungen und ihre Positionen im Statusverlauf, vom Entwurf bis zur Abwicklung.</translation>
    </message>
    <message>
        <source>Campaigns</source>
        <translation>Kampagnen</translation>
    </message>
    <message>
        <source>Newsletter campaigns: audiences, scheduling, delivery and their statistics.</source>
        <translation>Newsletter-Kampagnen: Zielgruppen, Zeitplanung, Versand und Statistiken.</translation>
    </message>
    <message>
        <source>Engagements</source>
        <translation>Projekte</translation>
    </message>
    <message>
        <source>Client engagements with their milestones, companies and contacts.</source>
        <translation>Kundenprojekte mit ihren Meilensteinen, Unternehmen und Kontakten.</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Daten</translation>
    </message>
    <message>
        <source>The organization&apos;s records table by table, for lookups, bulk edits and exports.</source>
        <translation>Die Datensätze der Organisation, Tabelle für Tabelle, zum Nachschlagen, für Massenbearbeitung und Export.</translation>
    </message>
</context>
<context>
    <name>SecretStore</name>
    <message>
        <source>the keychain did not answer within %1 s (it may be locked and waiting for a password)</source>
        <translation>der Schlüsselbund hat nicht innerhalb von %1 s geantwortet (möglicherweise ist er gesperrt und wartet auf ein Passwort)</translation>
    </message>
</context>
<context>
    <name>ServerRead</name>
    <message>
        <source>the server is not reachable</source>
        <translation>der Server ist nicht erreichbar</translation>
    </message>
</context>
<context>
    <name>StaffCommand</name>
    <message>
        <source>Usage: astralis-cli staff COMMAND [--database-url URL]

  add --email EMAIL --login LOGIN   Create the PostgreSQL login LOGIN for the Astralis user
                                    with this e-mail; the password is read from stdin, or
                                    generated and shown once
  disable --login LOGIN             Stop LOGIN from signing in and end its sessions
  list                              List staff logins and their users

Run with a privileged connection (CREATEROLE), never from a staff login.
</source>
        <translation>Aufruf: astralis-cli staff COMMAND [--database-url URL]

  add --email EMAIL --login LOGIN   PostgreSQL-Anmeldung LOGIN für den Astralis-Benutzer mit
                                    dieser E-Mail-Adresse anlegen; das Passwort wird von stdin
                                    gelesen oder erzeugt und einmalig angezeigt
  disable --login LOGIN             Anmelden mit LOGIN unterbinden und dessen Sitzungen beenden
  list                              Mitarbeiteranmeldungen und ihre Benutzer auflisten

Mit einer privilegierten Verbindung (CREATEROLE) ausführen, nie mit einer Mitarbeiteranmeldung.
</translation>
    </message>
    <message>
        <source>&apos;staff %1&apos; is not a command. See &apos;astralis-cli staff --help&apos;.</source>
        <translation>&apos;staff %1&apos; ist kein Befehl. Siehe &apos;astralis-cli staff --help&apos;.</translation>
    </message>
    <message>
        <source> See &apos;astralis-cli staff --help&apos;.</source>
        <translation> Siehe &apos;astralis-cli staff --help&apos;.</translation>
    </message>
    <message>
        <source>&apos;staff add&apos; needs --email and --login.</source>
        <translation>&apos;staff add&apos; benötigt --email und --login.</translation>
    </message>
    <message>
        <source>&apos;staff disable&apos; needs --login.</source>
        <translation>&apos;staff disable&apos; benötigt --login.</translation>
    </message>
    <message>
        <source>disabled</source>
        <translation>deaktiviert</translation>
    </message>
    <message>
        <source>active</source>
        <translation>aktiv</translation>
    </message>
    <message>
        <source>Disabled %1; its sessions were ended.
</source>
        <translation>%1 deaktiviert; die Sitzungen wurden beendet.
</translation>
    </message>
    <message>
        <source>Created login %1 for %2.
</source>
        <translation>Anmeldung %1 für %2 angelegt.
</translation>
    </message>
    <message>
        <source>Password (shown once; hand it over safely): %1
</source>
        <translation>Passwort (wird nur einmal angezeigt; geben Sie es sicher weiter): %1
</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a valid login: use 2-63 lower-case letters, digits, _ . or -, starting with a letter or _.</source>
        <translation>&apos;%1&apos; ist keine gültige Anmeldung: Verwenden Sie 2 bis 63 Kleinbuchstaben, Ziffern, _ . oder -, beginnend mit einem Buchstaben oder _.</translation>
    </message>
</context>
<context>
    <name>StageColumn</name>
    <message>
        <source>%1/%2</source>
        <translation>%1/%2</translation>
    </message>
    <message>
        <source>Over the work-in-progress limit of %1</source>
        <translation>WIP-Limit von %1 überschritten</translation>
    </message>
    <message>
        <source>Terminal stage: cards here count as finished</source>
        <translation>Endphase: Karten hier gelten als abgeschlossen</translation>
    </message>
    <message>
        <source>+ Add a card</source>
        <translation>+ Karte hinzufügen</translation>
    </message>
</context>
<context>
    <name>SyncCommand</name>
    <message>
        <source>(none)</source>
        <translation>(keines)</translation>
    </message>
    <message>
        <source>Nothing to send: every change made here is on the server.
</source>
        <translation>Nichts zu senden: Alle hier vorgenommenen Änderungen sind auf dem Server.
</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) not on the server yet: </source>
        <translation>
            <numerusform>%n Änderung noch nicht auf dem Server: </numerusform>
            <numerusform>%n Änderungen noch nicht auf dem Server: </numerusform>
        </translation>
    </message>
    <message>
        <source>%1 pending, %2 in conflict, %3 rejected.
</source>
        <translation>%1 ausstehend, %2 im Konflikt, %3 abgelehnt.
</translation>
    </message>
    <message>
        <source>	deleted on the server; resolve with --recreate or --discard
</source>
        <translation>	auf dem Server gelöscht; lösen Sie den Konflikt mit --recreate oder --discard
</translation>
    </message>
    <message>
        <source>	%1: base %2, mine %3, theirs %4
</source>
        <translation>	%1: vorher %2, meine %3, andere %4
</translation>
    </message>
    <message>
        <source>	%1 (attempt %2)
</source>
        <translation>	%1 (Versuch %2)
</translation>
    </message>
    <message>
        <source>&apos;sync %1&apos; needs the change&apos;s number (see sync status).</source>
        <translation>&apos;sync %1&apos; benötigt die Nummer der Änderung (siehe sync status).</translation>
    </message>
    <message>
        <source>&apos;sync resolve&apos; needs one of --keep-mine, --take-theirs, --recreate, --discard.</source>
        <translation>&apos;sync resolve&apos; benötigt eine der Optionen --keep-mine, --take-theirs, --recreate, --discard.</translation>
    </message>
    <message>
        <source>Change #%1 updated; `astralis-cli sync push` sends what is pending.
</source>
        <translation>Änderung #%1 aktualisiert; `astralis-cli sync push` sendet alle ausstehenden Änderungen.
</translation>
    </message>
    <message>
        <source>--timeout takes a number of seconds.</source>
        <translation>--timeout erwartet eine Anzahl von Sekunden.</translation>
    </message>
    <message>
        <source>Everything is on the server.
</source>
        <translation>Alles ist auf dem Server.
</translation>
    </message>
    <message>
        <source>%1 pending, %2 in conflict, %3 rejected are left (see sync status).</source>
        <translation>es verbleiben %1 ausstehend, %2 im Konflikt, %3 abgelehnt (siehe sync status).</translation>
    </message>
    <message>
        <source>sent %1 (%2 merged), already on the server %3, conflicts %4, rejected %5, retrying %6
</source>
        <translation>gesendet %1 (%2 zusammengeführt), bereits auf dem Server %3, Konflikte %4, abgelehnt %5, erneuter Versuch %6
</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a command here. See --help.</source>
        <translation>&apos;%1&apos; ist hier kein Befehl. Siehe --help.</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) made here for another database at this address (instance %1) are held in %2: they are never sent to another database, only to that one when this address leads to it again.</source>
        <translation>
            <numerusform>%n hier vorgenommene Änderung für eine andere Datenbank unter dieser Adresse (Instanz %1) wird in %2 zurückgehalten: Sie wird nie an eine andere Datenbank gesendet, nur an jene, sobald diese Adresse wieder zu ihr führt.</numerusform>
            <numerusform>%n hier vorgenommene Änderungen für eine andere Datenbank unter dieser Adresse (Instanz %1) werden in %2 zurückgehalten: Sie werden nie an eine andere Datenbank gesendet, nur an jene, sobald diese Adresse wieder zu ihr führt.</numerusform>
        </translation>
    </message>
    <message>
        <source>Usage: astralis-cli sync status [--json]
       astralis-cli sync push [--timeout SECONDS] [--quiet]
       astralis-cli sync resolve N --keep-mine|--take-theirs|--recreate|--discard
       astralis-cli sync retry N

Changes made while the server was unreachable wait in a local outbox (one per
server and login, shared with the console) until they are sent.
  status   List pending, conflicting and rejected changes.
  push     Send them, in order; exits 1 if anything is left.
  resolve  Decide a conflict: keep my values over theirs, take theirs (drop mine),
           recreate a card deleted on the server with my values, or discard mine.
  retry    Send a rejected change again.

Each database has its own outbox, even behind the same address (an SSH tunnel,
a restored dump): changes are only ever sent to the database they were made
against. Changes held for another database are listed by push and status,
which then exit 12.
</source>
        <translation>Aufruf: astralis-cli sync status [--json]
        astralis-cli sync push [--timeout SECONDS] [--quiet]
        astralis-cli sync resolve N --keep-mine|--take-theirs|--recreate|--discard
        astralis-cli sync retry N

Änderungen, die vorgenommen wurden, während der Server nicht erreichbar war, warten in
einer lokalen Warteschlange (eine je Server und Anmeldung, gemeinsam mit der Konsole
genutzt), bis sie gesendet werden.
  status   Ausstehende, im Konflikt stehende und abgelehnte Änderungen auflisten.
  push     Die Änderungen der Reihe nach senden; Exit-Code 1, wenn etwas übrig bleibt.
  resolve  Einen Konflikt lösen: meine Werte statt der anderen behalten, die anderen
           übernehmen (meine verwerfen), eine auf dem Server gelöschte Karte mit meinen
           Werten neu anlegen oder meine verwerfen.
  retry    Eine abgelehnte Änderung erneut senden.

Jede Datenbank hat ihre eigene Warteschlange, auch unter derselben Adresse (ein
SSH-Tunnel, eine wiederhergestellte Sicherung): Änderungen werden nur an die Datenbank
gesendet, für die sie vorgenommen wurden. Für eine andere Datenbank zurückgehaltene
Änderungen listen push und status auf, mit Exit-Code 12.
</translation>
    </message>
    <message numerus="yes">
        <source>This cache belongs to another database (instance %1); its %n unsent change(s) stay there and are not sent to this server (instance %2), which gets a cache of its own.</source>
        <translation>
            <numerusform>Dieser Cache gehört zu einer anderen Datenbank (Instanz %1); seine %n nicht gesendete Änderung bleibt dort und wird nicht an diesen Server (Instanz %2) gesendet, der einen eigenen Cache bekommt.</numerusform>
            <numerusform>Dieser Cache gehört zu einer anderen Datenbank (Instanz %1); seine %n nicht gesendeten Änderungen bleiben dort und werden nicht an diesen Server (Instanz %2) gesendet, der einen eigenen Cache bekommt.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SyncDialog</name>
    <message>
        <source>Sync</source>
        <translation>Synchronisierung</translation>
    </message>
    <message>
        <source>Made</source>
        <translation>Zeitpunkt</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>Karte</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Änderung</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>&amp;Send now</source>
        <translation>&amp;Jetzt senden</translation>
    </message>
    <message>
        <source>&amp;Resolve…</source>
        <translation>Konflikt &amp;lösen…</translation>
    </message>
    <message>
        <source>Re&amp;try</source>
        <translation>&amp;Erneut versuchen</translation>
    </message>
    <message>
        <source>&amp;Discard…</source>
        <translation>&amp;Verwerfen…</translation>
    </message>
    <message>
        <source>Both changed: %1</source>
        <translation>Von beiden Seiten geändert: %1</translation>
    </message>
    <message>
        <source>Every change made on this computer is on the server.</source>
        <translation>Alle auf diesem Computer vorgenommenen Änderungen sind auf dem Server.</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) made on this computer are not on the server yet: </source>
        <translation>
            <numerusform>%n auf diesem Computer vorgenommene Änderung ist noch nicht auf dem Server: </numerusform>
            <numerusform>%n auf diesem Computer vorgenommene Änderungen sind noch nicht auf dem Server: </numerusform>
        </translation>
    </message>
    <message>
        <source>%1 waiting, %2 in conflict, %3 refused.</source>
        <translation>%1 wartend, %2 im Konflikt, %3 abgelehnt.</translation>
    </message>
    <message>
        <source> The first %1 are listed.</source>
        <translation> Die ersten %1 werden angezeigt.</translation>
    </message>
    <message>
        <source>The server is not reachable.</source>
        <translation>Der Server ist nicht erreichbar.</translation>
    </message>
    <message>
        <source>Discard the change?</source>
        <translation>Änderung verwerfen?</translation>
    </message>
    <message>
        <source>Discard &quot;%1&quot; (%2)? It will not be sent, and the card shows the server&apos;s values again.</source>
        <translation>Die Änderung an „%1“ (%2) verwerfen? Sie wird nicht gesendet, und die Karte zeigt wieder die Werte vom Server.</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) made on this computer belong to another database at this address (instance %1) and are not sent to this server. They stay in %2 and are sent when this address leads to that database again.</source>
        <translation>
            <numerusform>%n auf diesem Computer vorgenommene Änderung gehört zu einer anderen Datenbank unter dieser Adresse (Instanz %1) und wird nicht an diesen Server gesendet. Sie bleibt in %2 und wird gesendet, sobald diese Adresse wieder zu jener Datenbank führt.</numerusform>
            <numerusform>%n auf diesem Computer vorgenommene Änderungen gehören zu einer anderen Datenbank unter dieser Adresse (Instanz %1) und werden nicht an diesen Server gesendet. Sie bleiben in %2 und werden gesendet, sobald diese Adresse wieder zu jener Datenbank führt.</numerusform>
        </translation>
    </message>
    <message>
        <source>Every change made on this computer for this database is on the server.</source>
        <translation>Jede auf diesem Computer für diese Datenbank vorgenommene Änderung ist auf dem Server.</translation>
    </message>
</context>
<context>
    <name>SyncEngine</name>
    <message>
        <source>This version of the console cannot send changes of %1.</source>
        <translation>Diese Version der Konsole kann keine Änderungen an %1 senden.</translation>
    </message>
    <message>
        <source>The card no longer exists on the server, so it cannot be restored.</source>
        <translation>Die Karte existiert auf dem Server nicht mehr und kann daher nicht wiederhergestellt werden.</translation>
    </message>
    <message>
        <source>A connection reached another database; the changes wait for the next pass.</source>
        <translation>Eine Verbindung hat eine andere Datenbank erreicht; die Änderungen warten auf den nächsten Durchlauf.</translation>
    </message>
    <message numerus="yes">
        <source>This cache belongs to another database (instance %1); its %n unsent change(s) stay here and are not sent to this server (instance %2).</source>
        <translation>
            <numerusform>Dieser Cache gehört zu einer anderen Datenbank (Instanz %1); seine %n nicht gesendete Änderung bleibt hier und wird nicht an diesen Server (Instanz %2) gesendet.</numerusform>
            <numerusform>Dieser Cache gehört zu einer anderen Datenbank (Instanz %1); seine %n nicht gesendeten Änderungen bleiben hier und werden nicht an diesen Server (Instanz %2) gesendet.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SyncStatusButton</name>
    <message numerus="yes">
        <source>%n change(s) to send</source>
        <translation>
            <numerusform>%n Änderung zu senden</numerusform>
            <numerusform>%n Änderungen zu senden</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) saved here</source>
        <translation>
            <numerusform>%n Änderung lokal gespeichert</numerusform>
            <numerusform>%n Änderungen lokal gespeichert</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n conflict(s)</source>
        <translation>
            <numerusform>%n Konflikt</numerusform>
            <numerusform>%n Konflikte</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n refused</source>
        <translation>
            <numerusform>%n abgelehnt</numerusform>
            <numerusform>%n abgelehnt</numerusform>
        </translation>
    </message>
    <message>
        <source>All changes sent</source>
        <translation>Alle Änderungen gesendet</translation>
    </message>
    <message>
        <source>Every change made on this computer is on the server.</source>
        <translation>Alle auf diesem Computer vorgenommenen Änderungen sind auf dem Server.</translation>
    </message>
    <message>
        <source>Changes made on this computer that are not on the server yet. Click to see them, send them now, or decide conflicts.</source>
        <translation>Auf diesem Computer vorgenommene Änderungen, die noch nicht auf dem Server sind. Klicken Sie, um sie anzuzeigen, sofort zu senden oder Konflikte zu lösen.</translation>
    </message>
    <message numerus="yes">
        <source>%n held for another database</source>
        <translation>
            <numerusform>%n für eine andere Datenbank zurückgehalten</numerusform>
            <numerusform>%n für eine andere Datenbank zurückgehalten</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) were made here for another database at this address. They stay in that database&apos;s cache and are sent only when this address leads to it again.</source>
        <translation>
            <numerusform>%n Änderung wurde hier für eine andere Datenbank unter dieser Adresse vorgenommen. Sie bleibt im Cache jener Datenbank und wird erst gesendet, wenn diese Adresse wieder zu ihr führt.</numerusform>
            <numerusform>%n Änderungen wurden hier für eine andere Datenbank unter dieser Adresse vorgenommen. Sie bleiben im Cache jener Datenbank und werden erst gesendet, wenn diese Adresse wieder zu ihr führt.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SyncedTableApplier</name>
    <message>
        <source>This console cannot send this change (%1).</source>
        <translation>Diese Konsole kann diese Änderung nicht senden (%1).</translation>
    </message>
    <message>
        <source>The row this one belongs to no longer exists (or is not visible to you).</source>
        <translation>Der Datensatz, zu dem dieser gehört, existiert nicht mehr (oder ist für Sie nicht sichtbar).</translation>
    </message>
    <message>
        <source>It was restored meanwhile.</source>
        <translation>Er wurde inzwischen wiederhergestellt.</translation>
    </message>
    <message>
        <source>It changed while the change was sent; it is sent again.</source>
        <translation>Er hat sich geändert, während die Änderung gesendet wurde; sie wird erneut gesendet.</translation>
    </message>
</context>
<context>
    <name>TaskApplier</name>
    <message>
        <source>This console cannot send this change of a task (%1).</source>
        <translation>Diese Konsole kann diese Änderung einer Aufgabe nicht senden (%1).</translation>
    </message>
    <message>
        <source>The task changed while the change was sent; it is sent again.</source>
        <translation>Die Aufgabe hat sich geändert, während die Änderung gesendet wurde; sie wird erneut gesendet.</translation>
    </message>
</context>
<context>
    <name>TaskPanel</name>
    <message>
        <source>Normal priority</source>
        <translation>Normale Priorität</translation>
    </message>
    <message>
        <source>High priority</source>
        <translation>Hohe Priorität</translation>
    </message>
    <message>
        <source>Urgent</source>
        <translation>Dringend</translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation>Aufgaben</translation>
    </message>
    <message>
        <source>New task from template…</source>
        <translation>Neue Aufgabe aus Vorlage…</translation>
    </message>
    <message>
        <source>Change status</source>
        <translation>Status ändern</translation>
    </message>
    <message>
        <source>Decision log</source>
        <translation>Entscheidungsprotokoll</translation>
    </message>
    <message>
        <source>Select a task to see its status and decision log.</source>
        <translation>Wählen Sie eine Aufgabe aus, um ihren Status und ihr Entscheidungsprotokoll zu sehen.</translation>
    </message>
    <message>
        <source>This pipeline no longer exists (or you may no longer see it).</source>
        <translation>Diese Pipeline existiert nicht mehr (oder Sie dürfen sie nicht mehr sehen).</translation>
    </message>
    <message>
        <source>The tasks could not be loaded: %1</source>
        <translation>Die Aufgaben konnten nicht geladen werden: %1</translation>
    </message>
    <message>
        <source>due %1</source>
        <translation>fällig am %1</translation>
    </message>
    <message numerus="yes">
        <source>%n task(s) in %1</source>
        <translation>
            <numerusform>%n Aufgabe in %1</numerusform>
            <numerusform>%n Aufgaben in %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation>Nicht zugewiesen</translation>
    </message>
    <message>
        <source>Due %1</source>
        <translation>Fällig am %1</translation>
    </message>
    <message>
        <source>Completed %1</source>
        <translation>Abgeschlossen am %1</translation>
    </message>
    <message>
        <source>This task&apos;s status is not known to this console; change it in the web platform.</source>
        <translation>Der Status dieser Aufgabe ist dieser Konsole unbekannt; ändern Sie ihn in der Webplattform.</translation>
    </message>
    <message>
        <source>Change the status to &quot;%1&quot;.</source>
        <translation>Status auf „%1“ ändern.</translation>
    </message>
    <message>
        <source>The status was not changed: %1</source>
        <translation>Der Status wurde nicht geändert: %1</translation>
    </message>
    <message>
        <source>Not connected: the decision log cannot be loaded.</source>
        <translation>Nicht verbunden: Das Entscheidungsprotokoll kann nicht geladen werden.</translation>
    </message>
    <message>
        <source>The decision log could not be loaded: %1</source>
        <translation>Das Entscheidungsprotokoll konnte nicht geladen werden: %1</translation>
    </message>
    <message>
        <source>No decisions recorded for this task.</source>
        <translation>Für diese Aufgabe sind keine Entscheidungen erfasst.</translation>
    </message>
    <message>
        <source>%1 tokens</source>
        <translation>%1 Tokens</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>Model call:</source>
        <translation>Modellaufruf:</translation>
    </message>
    <message>
        <source>Not connected: the task templates cannot be loaded.</source>
        <translation>Nicht verbunden: Die Aufgabenvorlagen können nicht geladen werden.</translation>
    </message>
    <message>
        <source>The task templates could not be loaded: %1</source>
        <translation>Die Aufgabenvorlagen konnten nicht geladen werden: %1</translation>
    </message>
    <message>
        <source>No task templates are available.</source>
        <translation>Es sind keine Aufgabenvorlagen verfügbar.</translation>
    </message>
    <message>
        <source>For %1</source>
        <translation>Für %1</translation>
    </message>
    <message>
        <source>For other pipelines</source>
        <translation>Für andere Pipelines</translation>
    </message>
    <message>
        <source>%1 (in %2)</source>
        <translation>%1 (in %2)</translation>
    </message>
    <message>
        <source>This template&apos;s pipeline &apos;%1&apos; does not exist in your organization.</source>
        <translation>Die Pipeline „%1“ dieser Vorlage existiert in Ihrer Organisation nicht.</translation>
    </message>
    <message>
        <source>Not connected: the task was not created.</source>
        <translation>Nicht verbunden: Die Aufgabe wurde nicht angelegt.</translation>
    </message>
    <message>
        <source>The task was not created: %1</source>
        <translation>Die Aufgabe wurde nicht angelegt: %1</translation>
    </message>
    <message>
        <source>Created &quot;%1&quot; in the pipeline &quot;%2&quot;.</source>
        <translation>„%1“ in der Pipeline „%2“ angelegt.</translation>
    </message>
    <message>
        <source>The server refused the status change of &quot;%1&quot;: %2</source>
        <translation>Der Server hat die Statusänderung von „%1“ abgelehnt: %2</translation>
    </message>
    <message>
        <source>&quot;%1&quot; was changed by someone else meanwhile; nothing was overwritten. See Sync to decide.</source>
        <translation>„%1“ wurde inzwischen von jemand anderem geändert; es wurde nichts überschrieben. Unter „Synchronisierung“ können Sie entscheiden, welche Version gilt.</translation>
    </message>
    <message>
        <source>Offline: the tasks as this computer last loaded them.</source>
        <translation>Offline: die Aufgaben, wie dieser Computer sie zuletzt geladen hat.</translation>
    </message>
</context>
<context>
    <name>TaskRepository</name>
    <message>
        <source>The task could not be created: %1</source>
        <translation>Die Aufgabe konnte nicht angelegt werden: %1</translation>
    </message>
    <message>
        <source>This template no longer exists or was retired.</source>
        <translation>Diese Vorlage existiert nicht mehr oder wurde außer Gebrauch gesetzt.</translation>
    </message>
    <message>
        <source>The template &quot;%1&quot; names no pipeline: choose the pipeline for the task.</source>
        <translation>Die Vorlage „%1“ nennt keine Pipeline: Wählen Sie die Pipeline für die Aufgabe.</translation>
    </message>
    <message>
        <source>The pipeline &apos;%1&apos; does not exist in your organization.</source>
        <translation>Die Pipeline „%1“ existiert in Ihrer Organisation nicht.</translation>
    </message>
    <message>
        <source>This template&apos;s pipeline &apos;%1&apos; does not exist in your organization.</source>
        <translation>Die Pipeline „%1“ dieser Vorlage existiert in Ihrer Organisation nicht.</translation>
    </message>
    <message>
        <source>The pipeline &apos;%1&apos; exists in several organizations. Sign in with a staff login to create tasks for your organization.</source>
        <translation>Die Pipeline „%1“ existiert in mehreren Organisationen. Melden Sie sich mit einer Mitarbeiteranmeldung an, um Aufgaben für Ihre Organisation anzulegen.</translation>
    </message>
    <message>
        <source>The pipeline &quot;%1&quot; is archived; restore it before adding tasks to it.</source>
        <translation>Die Pipeline „%1“ ist archiviert; stellen Sie sie wieder her, bevor Sie ihr Aufgaben hinzufügen.</translation>
    </message>
    <message>
        <source>The pipeline &quot;%1&quot; has no stages yet.</source>
        <translation>Die Pipeline „%1“ hat noch keine Phasen.</translation>
    </message>
    <message>
        <source>The server refused the new task: you may not add tasks to this pipeline.</source>
        <translation>Der Server hat die neue Aufgabe abgelehnt: Sie dürfen dieser Pipeline keine Aufgaben hinzufügen.</translation>
    </message>
    <message>
        <source>The pipeline &quot;%1&quot; was removed meanwhile.</source>
        <translation>Die Pipeline „%1“ wurde inzwischen entfernt.</translation>
    </message>
    <message>
        <source>The server refused the change: you may not change this task.</source>
        <translation>Der Server hat die Änderung abgelehnt: Sie dürfen diese Aufgabe nicht ändern.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; has the status &quot;%2&quot;, which this console does not know; change it in the web platform.</source>
        <translation>„%1“ hat den Status „%2“, den diese Konsole nicht kennt; ändern Sie ihn in der Webplattform.</translation>
    </message>
</context>
<context>
    <name>TaskStatusFlow</name>
    <message>
        <source>The task is already in the status &quot;%1&quot;.</source>
        <translation>Die Aufgabe hat bereits den Status „%1“.</translation>
    </message>
    <message>
        <source>A new task must be started (%1) before it can go to review.</source>
        <translation>Eine neue Aufgabe muss erst begonnen werden (%1), bevor sie zur Prüfung gehen kann.</translation>
    </message>
    <message>
        <source>A new task must be started (%1) before it can be marked done. If it is not needed, cancel it instead.</source>
        <translation>Eine neue Aufgabe muss erst begonnen werden (%1), bevor sie als erledigt markiert werden kann. Wird sie nicht benötigt, brechen Sie sie stattdessen ab.</translation>
    </message>
    <message>
        <source>A started task cannot go back to %1. Mark it %2 if it is waiting on something, or %3 if it is no longer needed.</source>
        <translation>Eine begonnene Aufgabe kann nicht zurück zu „%1“. Setzen Sie sie auf „%2“, wenn sie auf etwas wartet, oder auf „%3“, wenn sie nicht mehr benötigt wird.</translation>
    </message>
    <message>
        <source>A task in review cannot go back to %1. Request changes (%2) or cancel it instead.</source>
        <translation>Eine Aufgabe in Prüfung kann nicht zurück zu „%1“. Fordern Sie stattdessen Änderungen an (%2) oder brechen Sie sie ab.</translation>
    </message>
    <message>
        <source>A task in review must be sent back (%1) before it can be blocked.</source>
        <translation>Eine Aufgabe in Prüfung muss erst zurückgegeben werden (%1), bevor sie blockiert werden kann.</translation>
    </message>
    <message>
        <source>A blocked task cannot go back to %1. Unblock it (%2) or cancel it instead.</source>
        <translation>Eine blockierte Aufgabe kann nicht zurück zu „%1“. Heben Sie die Blockierung auf (%2) oder brechen Sie sie stattdessen ab.</translation>
    </message>
    <message>
        <source>A blocked task must be unblocked (%1) before it can go to review.</source>
        <translation>Bei einer blockierten Aufgabe muss erst die Blockierung aufgehoben werden (%1), bevor sie zur Prüfung gehen kann.</translation>
    </message>
    <message>
        <source>A blocked task must be unblocked (%1) before it can be marked done.</source>
        <translation>Bei einer blockierten Aufgabe muss erst die Blockierung aufgehoben werden (%1), bevor sie als erledigt markiert werden kann.</translation>
    </message>
    <message>
        <source>A finished task cannot go back to %1. Reopen it (%2) if more work is needed.</source>
        <translation>Eine abgeschlossene Aufgabe kann nicht zurück zu „%1“. Öffnen Sie sie erneut (%2), wenn weitere Arbeit nötig ist.</translation>
    </message>
    <message>
        <source>A finished task must be reopened (%1) before it can go to review.</source>
        <translation>Eine abgeschlossene Aufgabe muss erst wieder geöffnet werden (%1), bevor sie zur Prüfung gehen kann.</translation>
    </message>
    <message>
        <source>A finished task must be reopened (%1) before it can be blocked.</source>
        <translation>Eine abgeschlossene Aufgabe muss erst wieder geöffnet werden (%1), bevor sie blockiert werden kann.</translation>
    </message>
    <message>
        <source>A finished task cannot be cancelled. Reopen it (%1) first if the work is to be dropped.</source>
        <translation>Eine abgeschlossene Aufgabe kann nicht abgebrochen werden. Öffnen Sie sie zuerst wieder (%1), wenn die Arbeit verworfen werden soll.</translation>
    </message>
    <message>
        <source>A cancelled task must be restored (%1) first.</source>
        <translation>Eine abgebrochene Aufgabe muss zuerst wiederhergestellt werden (%1).</translation>
    </message>
    <message>
        <source>A task cannot change from %1 to %2.</source>
        <translation>Eine Aufgabe kann nicht von „%1“ zu „%2“ wechseln.</translation>
    </message>
    <message>
        <source>New</source>
        <translation>Neu</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>In Bearbeitung</translation>
    </message>
    <message>
        <source>Needs review</source>
        <translation>Zur Prüfung</translation>
    </message>
    <message>
        <source>Blocked</source>
        <translation>Blockiert</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Erledigt</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Astralis Console — the operations console for Astralis One staff.</source>
        <translation>Astralis Console — die Betriebskonsole für Mitarbeiter von Astralis One.</translation>
    </message>
    <message>
        <source>Connect with the saved connection NAME.</source>
        <translation>Mit der gespeicherten Verbindung NAME verbinden.</translation>
    </message>
    <message>
        <source>Open on SCREEN (boards, intake, calendar, …).</source>
        <translation>Mit der Ansicht SCREEN starten (boards, intake, calendar, …).</translation>
    </message>
    <message>
        <source>Appearance for this run: system, light or dark.</source>
        <translation>Erscheinungsbild für diesen Start: system, light oder dark.</translation>
    </message>
    <message>
        <source>Language for this run, e.g. de or en.</source>
        <translation>Sprache für diesen Start, z. B. de oder en.</translation>
    </message>
    <message>
        <source>Open the local demo workspace (a private database with sample data).</source>
        <translation>Lokale Demo-Umgebung öffnen (eine private Datenbank mit Beispieldaten).</translation>
    </message>
    <message>
        <source>astralis-console: --database-url must not contain a password: every user of this computer can read it in the process list (ps). Leave it out and the console asks for it (and can keep it in the system keychain), connect with a saved connection (--profile NAME, its password in the keychain), or put the URL with its password in the DATABASE_URL environment variable.
</source>
        <translation>astralis-console: --database-url darf kein Passwort enthalten: Jeder Benutzer dieses Computers kann es in der Prozessliste (ps) lesen. Lassen Sie es weg, dann fragt die Konsole danach (und kann es im Systemschlüsselbund aufbewahren), verbinden Sie sich mit einer gespeicherten Verbindung (--profile NAME, ihr Passwort im Schlüsselbund) oder setzen Sie die URL mit Passwort in die Umgebungsvariable DATABASE_URL.
</translation>
    </message>
    <message>
        <source>Connect with this database URL, without its password (not saved). Default: the DATABASE_URL environment variable, which may hold one.</source>
        <translation>Mit dieser Datenbank-URL ohne Passwort verbinden (wird nicht gespeichert). Standard: die Umgebungsvariable DATABASE_URL, die eines enthalten darf.</translation>
    </message>
</context>
</TS>
