<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>BoardController</name>
    <message numerus="yes">
        <source>Move %n card(s)</source>
        <translation>
            <numerusform>Move %n card</numerusform>
            <numerusform>Move %n cards</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Delete %n card(s)</source>
        <translation>
            <numerusform>Delete %n card</numerusform>
            <numerusform>Delete %n cards</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>BoardScreen</name>
    <message numerus="yes">
        <source>%1 · %n card(s)</source>
        <translation>
            <numerusform>%1 · %n card</numerusform>
            <numerusform>%1 · %n cards</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n card(s)</source>
        <translation>
            <numerusform>%1 of %n card</numerusform>
            <numerusform>%1 of %n cards</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n card(s)</source>
        <translation>
            <numerusform>%n card</numerusform>
            <numerusform>%n cards</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CardDelegate</name>
    <message numerus="yes">
        <source>Overdue %n day(s)</source>
        <translation>
            <numerusform>Overdue %n day</numerusform>
            <numerusform>Overdue %n days</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CardTable</name>
    <message numerus="yes">
        <source>%n card(s) selected</source>
        <translation>
            <numerusform>%n card selected</numerusform>
            <numerusform>%n cards selected</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ConnectionStatusWidget</name>
    <message numerus="yes">
        <source>Offline — reconnecting in %n s</source>
        <translation>
            <numerusform>Offline — reconnecting in %n s</numerusform>
            <numerusform>Offline — reconnecting in %n s</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ConsoleSession</name>
    <message numerus="yes">
        <source>This cache belongs to another database (instance %1); its %n unsent change(s) stay there and are not sent to this server.</source>
        <translation>
            <numerusform>This cache belongs to another database (instance %1); its %n unsent change stays there and is not sent to this server.</numerusform>
            <numerusform>This cache belongs to another database (instance %1); its %n unsent changes stay there and are not sent to this server.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SyncCommand</name>
    <message numerus="yes">
        <source>%n change(s) not on the server yet: </source>
        <translation>
            <numerusform>%n change not on the server yet: </numerusform>
            <numerusform>%n changes not on the server yet: </numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) made here for another database at this address (instance %1) are held in %2: they are never sent to another database, only to that one when this address leads to it again.</source>
        <translation>
            <numerusform>%n change made here for another database at this address (instance %1) is held in %2: it is never sent to another database, only to that one when this address leads to it again.</numerusform>
            <numerusform>%n changes made here for another database at this address (instance %1) are held in %2: they are never sent to another database, only to that one when this address leads to it again.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>This cache belongs to another database (instance %1); its %n unsent change(s) stay there and are not sent to this server (instance %2), which gets a cache of its own.</source>
        <translation>
            <numerusform>This cache belongs to another database (instance %1); its %n unsent change stays there and is not sent to this server (instance %2), which gets a cache of its own.</numerusform>
            <numerusform>This cache belongs to another database (instance %1); its %n unsent changes stay there and are not sent to this server (instance %2), which gets a cache of its own.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SyncDialog</name>
    <message numerus="yes">
        <source>%n change(s) made on this computer are not on the server yet: </source>
        <translation>
            <numerusform>%n change made on this computer is not on the server yet: </numerusform>
            <numerusform>%n changes made on this computer are not on the server yet: </numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) made on this computer belong to another database at this address (instance %1) and are not sent to this server. They stay in %2 and are sent when this address leads to that database again.</source>
        <translation>
            <numerusform>%n change made on this computer belongs to another database at this address (instance %1) and is not sent to this server. It stays in %2 and is sent when this address leads to that database again.</numerusform>
            <numerusform>%n changes made on this computer belong to another database at this address (instance %1) and are not sent to this server. They stay in %2 and are sent when this address leads to that database again.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SyncEngine</name>
    <message numerus="yes">
        <source>This cache belongs to another database (instance %1); its %n unsent change(s) stay here and are not sent to this server (instance %2).</source>
        <translation>
            <numerusform>This cache belongs to another database (instance %1); its %n unsent change stays here and is not sent to this server (instance %2).</numerusform>
            <numerusform>This cache belongs to another database (instance %1); its %n unsent changes stay here and are not sent to this server (instance %2).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SyncStatusButton</name>
    <message numerus="yes">
        <source>%n change(s) to send</source>
        <translation>
            <numerusform>%n change to send</numerusform>
            <numerusform>%n changes to send</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) saved here</source>
        <translation>
            <numerusform>%n change saved here</numerusform>
            <numerusform>%n changes saved here</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n conflict(s)</source>
        <translation>
            <numerusform>%n conflict</numerusform>
            <numerusform>%n conflicts</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n refused</source>
        <translation>
            <numerusform>%n refused</numerusform>
            <numerusform>%n refused</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n held for another database</source>
        <translation>
            <numerusform>%n held for another database</numerusform>
            <numerusform>%n held for another database</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) were made here for another database at this address. They stay in that database&apos;s cache and are sent only when this address leads to it again.</source>
        <translation>
            <numerusform>%n change was made here for another database at this address. It stays in that database&apos;s cache and is sent only when this address leads to it again.</numerusform>
            <numerusform>%n changes were made here for another database at this address. They stay in that database&apos;s cache and are sent only when this address leads to it again.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TaskPanel</name>
    <message numerus="yes">
        <source>%n task(s) in %1</source>
        <translation>
            <numerusform>%n task in %1</numerusform>
            <numerusform>%n tasks in %1</numerusform>
        </translation>
    </message>
</context>
</TS>
