<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>StatusBadge</name>
    <message>
        <source>Not linked</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Pairing</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Connecting</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Connected</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>Reconnecting in %n s</source>
        <translation>
            <numerusform>Reconnecting in %n s</numerusform><numerusform>Reconnecting in %n s</numerusform></translation>
    </message>
    <message>
        <source>Reconnecting</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Logged out</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Stopped</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>balcao::AddNumberDialog</name>
    <message>
        <source>Scan a QR code with the phone</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Enter a pairing code on the phone</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Add a number</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>e.g. Shop downtown</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>+55 11 90000-0001</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Add and link</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Give the number a name your team will recognise, then choose how to link it. You need the phone with that WhatsApp number at hand.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Link by:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Phone number:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>That phone number does not look right: write it with the country code, e.g. +55 11 90000-0001.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>balcao::ApiSettingsPage</name>
    <message>
        <source>Copy the key now: it is not stored and cannot be shown again.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Serve the local HTTP API</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Address</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Changes apply when Balcão starts again. Keep 127.0.0.1 unless other machines must reach the API.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Id</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Role</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Sessions</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Created</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Name (e.g. CRM)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Admin: everything</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Agent: read and send on one session</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Create key</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Revoke</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Choose the session the agent key may use.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>balcao::CallsDialog</name>
    <message>
        <source>Reject calls to this number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Calls to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Balcão cannot take calls. Left alone they ring on the phone; rejected, the caller sees the call declined at once.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Then send the caller this message (optional):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>We don't take calls here: please send us a message.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>balcao::ChatPane</name>
    <message>
        <source>Search name, number or message</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Choose a chat on the left to read and reply.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>via %1</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>balcao::DemoPhone</name>
    <message>
        <source>The demo phone could not scan the code: %1</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>balcao::LinkPanel</name>
    <message>
        <source>Show a QR code</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Phone number, e.g. +55 11 90000-0001</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Get a pairing code</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Or link with the phone number instead:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>QR code to scan with WhatsApp</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Simulate scan with phone</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Demo mode: the emulator's phone scans this code.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The code expired before it was used.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Get a new code</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Pairing code</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Copy code</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Getting a fresh code…</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>This code changes in %n s</source>
        <translation>
            <numerusform>This code changes in %n s</numerusform><numerusform>This code changes in %n s</numerusform></translation>
    </message>
    <message>
        <source>this number</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Open WhatsApp › Linked devices › Link a device</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Link %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Have the phone with the WhatsApp number of %1 at hand.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Choose how to link it: scan a QR code, or type a pairing code on the phone.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>On the phone: %1.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Asking WhatsApp for a code…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Scan to link %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Open &lt;b&gt;WhatsApp&lt;/b&gt; on the phone.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Tap &lt;b&gt;Menu ⋮&lt;/b&gt; (Android) or &lt;b&gt;Settings&lt;/b&gt; (iPhone) and choose &lt;b&gt;Linked devices&lt;/b&gt;.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Tap &lt;b&gt;Link a device&lt;/b&gt;.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Point the phone at this screen to capture the code.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Enter the code on the phone of %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Open &lt;b&gt;WhatsApp&lt;/b&gt; on the phone with the number %1.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Tap &lt;b&gt;Menu ⋮&lt;/b&gt; or &lt;b&gt;Settings&lt;/b&gt;, then &lt;b&gt;Linked devices&lt;/b&gt; › &lt;b&gt;Link a device&lt;/b&gt;.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Tap &lt;b&gt;Link with phone number instead&lt;/b&gt;.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Type the code shown here.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Pairing code for %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Linked! Opening %1…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The phone accepted this computer. Balcão is logging in and will show the chats in a moment.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Logging in…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>This number was logged out. Link it again to use it here.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>This number was logged out (%1). Link it again to use it here.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>This number is stopped.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>This number is stopped (%1).</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>balcao::MainWindow</name>
    <message>
        <source>Welcome to Balcão</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Link your business's WhatsApp numbers and answer every customer from one window. Each number keeps its own chats; "All numbers" shows them together.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Add a number</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Balcão</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Balcão cannot open its data</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Add number…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Search chats</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>All numbers</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;About Balcão</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>About Balcão</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&lt;b&gt;Balcão %1&lt;/b&gt;&lt;p&gt;Several WhatsApp numbers in one native window, for the staff of small businesses.&lt;/p&gt;</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Show Balcão</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>(%1) Balcão</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>balcao::Notifier</name>
    <message numerus="yes">
        <source>Balcão — %n unread message(s)</source>
        <translation>
            <numerusform>Balcão — %n unread message</numerusform><numerusform>Balcão — %n unread messages</numerusform></translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>New %1 message</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>balcao::ServerNoticeBanner</name>
    <message>
        <source>WhatsApp says this version is outdated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Update Balcão to its latest release. Until then, an administrator can start Balcão with --wa-version set to the version web.whatsapp.com runs today.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>WhatsApp has banned this number for a while</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>The ban ends %1 (in about %n hour(s)). Trying before then only prolongs it.</source>
        <translation><numerusform>The ban ends %1 (in about %n hour). Trying before then only prolongs it.</numerusform><numerusform>The ban ends %1 (in about %n hours). Trying before then only prolongs it.</numerusform></translation>
    </message>
    <message>
        <source>The ban should be over: try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>WhatsApp refused how Balcão presents itself</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Update Balcão to its latest release.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>WhatsApp refused to connect this number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Try again later; update Balcão if it keeps happening.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Try again</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>balcao::SessionClient</name>
    <message>
        <source>The profile is not open, so the command cannot run.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>balcao::SessionDelegate</name>
    <message>
        <source>One inbox for every number</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Not linked yet</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>balcao::SessionListModel</name>
    <message>
        <source>All numbers</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Unnamed number</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>balcao::SessionSidebar</name>
    <message>
        <source>Calls: rejected…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Calls: ring on the phone…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Numbers</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Add number</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Link another WhatsApp number (Ctrl+N)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Start</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Stop</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Log out…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Delete…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Log out %1?</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Balcão will unlink from %1 and forget this device's keys: the phone will list it no longer, and you will need a new QR code or pairing code to link it again. Chats already stored on this computer stay.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Log out</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Delete %1?</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>This erases from this computer everything about %1: its link to the phone and its keys, every chat and message stored for it, and its settings. Messages on the phone itself are not touched. This cannot be undone.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>balcao::SettingsDialog</name>
    <message>
        <source>Show a desktop notification for each new message</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Settings</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>System default</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The new language applies when Balcão restarts.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Restart now</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Notifications:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>General</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Webhooks</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>API</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>balcao::WebhookLogPage</name>
    <message>
        <source>Refresh</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Number:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Created</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Event</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Attempts</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Answer</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Last error</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The delivery log cannot be read: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>This number has no webhook. Set one through the API (PUT /sessions/{id}/webhook).</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>Sends to %1 — endpoint %2, %n failure(s) in a row</source>
        <translation>
            <numerusform>Sends to %1 — endpoint %2, %n failure in a row</numerusform><numerusform>Sends to %1 — endpoint %2, %n failures in a row</numerusform></translation>
    </message>
</context>
<context>
    <name>balcao::chat</name>
    <message>
        <source>Contact (number hidden)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Photo</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Video</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Voice message</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Document</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Sticker</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Location</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Contact card</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Waiting for this message. This may take a while.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>This kind of message cannot be shown here yet.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Yesterday</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Today</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Waiting to send</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Sent</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Delivered</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Read</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Played</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Not sent. Right-click the message and choose Retry to send it again.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>balcao::chat::ChatController</name>
    <message>
        <source>Choose a chat to reply.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Waiting for this number's status…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>This number is not linked yet. Link it to send messages.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Connecting to WhatsApp… You can reply as soon as this number is connected.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The connection was lost; reconnecting… You can reply again once it is back.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>This number was logged out. Link it again to send messages.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>This number is stopped. Start it to send messages.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>(%1)</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>balcao::chat::ChatView</name>
    <message>
        <source>Copy</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Retry sending</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>balcao::chat::Composer</name>
    <message>
        <source>Type a message</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Send (Enter)</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>balcao::chat::MessageListModel</name>
    <message>
        <source>Not sent: %1</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>Document</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source> · click to download</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source> · click to open</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Open in the map</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 · Message</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source> · %n page(s)</source>
        <translation type="unfinished"><numerusform></numerusform><numerusform></numerusform></translation>
    </message>
</context>
<context>
    <name>balcao::chat::AttachControls</name>
    <message>
        <source>Attach a photo, video or document</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Record a voice note</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Send the voice note</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Send files</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The pasted picture could not be kept for sending.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>balcao::voice::SpeakerOutput</name>
    <message>
        <source>This computer has no speaker or headphones to play on.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The sound could not be played.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>balcao::voice::MicrophoneInput</name>
    <message>
        <source>This computer has no microphone to record with.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The microphone could not be opened.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>balcao::voice::VoiceRecorder</name>
    <message>
        <source>Cannot record: the folder %1 cannot be written.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Nothing is being recorded.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Hold to record: the voice note was too short.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>balcao::MediaSettingsPage</name>
    <message>
        <source>Free space…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Photos</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Voice notes and audio</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Stickers</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Videos</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Documents</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Other files come down when you open them. Numbers use these choices from their next start.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Download automatically:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>On this computer:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No media folder.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Measuring…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Media files take %1.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Free space</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Remove every media file from this computer? The messages stay; a file comes down again when you open it, as long as WhatsApp or your phone still has it.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>balcao::SettingsDialog</name>
    <message>
        <source>Media</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>View once</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Live location · %1</source>
        <translation type="unfinished" />
    </message>
</context>
</TS>
