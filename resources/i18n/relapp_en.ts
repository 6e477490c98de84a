<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name></name>
    <message>
        <location filename="../../relapp/ui/help.py" line="48"/>
        <source>Today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/help.py" line="48"/>
        <source>Your drafts, this week&apos;s visits and any check-in alerts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/help.py" line="49"/>
        <source>Families</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/help.py" line="49"/>
        <source>The families you work with: members, notes and history.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/help.py" line="50"/>
        <source>Visits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/help.py" line="50"/>
        <source>Record a visit: who was there, where, how long and why.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/help.py" line="52"/>
        <source>Reflections</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/help.py" line="53"/>
        <source>Think a visit through with a template, then submit it to your supervisor.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/help.py" line="56"/>
        <source>Check-ins</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/help.py" line="57"/>
        <source>Short ratings of how a relationship is going, by you or by a parent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/help.py" line="60"/>
        <source>Barriers &amp; changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/help.py" line="62"/>
        <source>What in the system got in the way, and the small changes your team tries against it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/overview.py" line="118"/>
        <location filename="../../relapp/ui/help.py" line="66"/>
        <source>Supervision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/help.py" line="66"/>
        <source>Feedback, supervision sessions and agreed actions.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/help.py" line="67"/>
        <source>Sync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/help.py" line="67"/>
        <source>How your work reaches your team&apos;s shared folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/help.py" line="70"/>
        <source>Start something new on this page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/help.py" line="71"/>
        <source>Save now (Relapp also saves as you go)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/help.py" line="72"/>
        <source>Search everything</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/help.py" line="73"/>
        <source>Lock Relapp at once</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/help.py" line="75"/>
        <source>Del</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/help.py" line="77"/>
        <source>Move the chosen visit, family or draft to the trash, or mark a check-in as entered in error; Undo appears for a few seconds, and Relapp &gt; Trash… puts anything back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/help.py" line="83"/>
        <source>{0} … {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/help.py" line="84"/>
        <source>Go to a page: Today is 1, Families 2, and so on down the list (Go menu)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/help.py" line="86"/>
        <source>This help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/help.py" line="87"/>
        <source>Esc</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/help.py" line="87"/>
        <source>Go back, or close a window like this one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/help.py" line="88"/>
        <source>Tab / Shift+Tab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/help.py" line="88"/>
        <source>Move to the next or previous field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/help.py" line="92"/>
        <source>On this computer, in {0}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/help.py" line="94"/>
        <source>On this computer, in your Relapp profile folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/help.py" line="110"/>
        <source>Relapp helps you record visits, reflect on relationships with families, and notice what in the system gets in the way. It works without a connection and keeps everything encrypted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/help.py" line="124"/>
        <source>Relapp locks when you press Ctrl+L, when you have not used it for a few minutes (you can change how long in Settings), and when the computer locks its screen or goes to sleep. It saves what you were typing first, then hides everything and forgets its keys. Your passphrase opens it again, exactly where you were.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/help.py" line="136"/>
        <source>To let a parent fill in their own check-in, open a check-in and choose “Hand the laptop to the parent”. The screen then shows only that form, in large, simple controls; nothing else can be reached. When the parent has finished, Relapp locks and only your passphrase brings your work back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/help.py" line="149"/>
        <source>Everything you write is encrypted before it is stored, with a key that only your passphrase (or your recovery code) can open. Do not put this folder on a shared or cloud-synced drive; Relapp refuses to. Search works on a copy held only in memory while Relapp is unlocked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/help.py" line="160"/>
        <source>Ask your supervisor about how to use Relapp in your work. For a forgotten passphrase, a lost recovery code or a laptop problem, contact your IT service desk. Never send a family&apos;s details by email to ask for help.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/search.py" line="83"/>
        <source>SearchDialog</source>
        <comment>Families</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/search.py" line="84"/>
        <source>SearchDialog</source>
        <comment>Visits</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/search.py" line="85"/>
        <source>SearchDialog</source>
        <comment>Reflections</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/search.py" line="86"/>
        <source>SearchDialog</source>
        <comment>Check-ins</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/search.py" line="87"/>
        <source>SearchDialog</source>
        <comment>Barriers</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/search.py" line="88"/>
        <source>SearchDialog</source>
        <comment>Change tests</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/search.py" line="89"/>
        <location filename="../../relapp/ui/search.py" line="119"/>
        <source>SearchDialog</source>
        <comment>Feedback</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/search.py" line="90"/>
        <source>SearchDialog</source>
        <comment>Supervision sessions</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/search.py" line="100"/>
        <source>SearchDialog</source>
        <comment>Name</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/search.py" line="101"/>
        <source>SearchDialog</source>
        <comment>Reference</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/search.py" line="102"/>
        <source>SearchDialog</source>
        <comment>Notes</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/search.py" line="103"/>
        <source>SearchDialog</source>
        <comment>Service</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/search.py" line="104"/>
        <source>SearchDialog</source>
        <comment>Family members</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/search.py" line="105"/>
        <source>SearchDialog</source>
        <comment>Purpose</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/search.py" line="106"/>
        <source>SearchDialog</source>
        <comment>Present</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/search.py" line="107"/>
        <source>SearchDialog</source>
        <comment>Title</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/search.py" line="108"/>
        <source>SearchDialog</source>
        <comment>Themes</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/search.py" line="109"/>
        <source>SearchDialog</source>
        <comment>Reason for amending</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/search.py" line="110"/>
        <source>SearchDialog</source>
        <comment>Comment</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/search.py" line="111"/>
        <source>SearchDialog</source>
        <comment>Description</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/search.py" line="112"/>
        <source>SearchDialog</source>
        <comment>Category</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/search.py" line="113"/>
        <source>SearchDialog</source>
        <comment>Plan</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/search.py" line="114"/>
        <source>SearchDialog</source>
        <comment>Do</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/search.py" line="115"/>
        <source>SearchDialog</source>
        <comment>Study</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/search.py" line="116"/>
        <source>SearchDialog</source>
        <comment>Act</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/search.py" line="117"/>
        <source>SearchDialog</source>
        <comment>Measure</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/search.py" line="118"/>
        <source>SearchDialog</source>
        <comment>Outcome</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/search.py" line="120"/>
        <source>SearchDialog</source>
        <comment>Agenda</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/search.py" line="121"/>
        <source>SearchDialog</source>
        <comment>Actions</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/today.py" line="238"/>
        <location filename="../../relapp/ui/views/today.py" line="250"/>
        <location filename="../../relapp/ui/views/today.py" line="328"/>
        <location filename="../../relapp/ui/views/today.py" line="364"/>
        <location filename="../../relapp/ui/supervision/my_feedback.py" line="121"/>
        <source>Reflection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/my_feedback.py" line="122"/>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/my_feedback.py" line="123"/>
        <source>Latest</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/today.py" line="237"/>
        <location filename="../../relapp/ui/views/today.py" line="251"/>
        <location filename="../../relapp/ui/views/today.py" line="262"/>
        <location filename="../../relapp/ui/views/today.py" line="273"/>
        <location filename="../../relapp/ui/supervision/overview.py" line="110"/>
        <source>Practitioner</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/overview.py" line="112"/>
        <source>Awaiting review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/overview.py" line="113"/>
        <location filename="../../relapp/ui/supervision/overview.py" line="124"/>
        <source>None</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/overview.py" line="116"/>
        <source>Last supervision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/overview.py" line="119"/>
        <source>⚠ Overdue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/overview.py" line="119"/>
        <source>Up to date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/today.py" line="264"/>
        <location filename="../../relapp/ui/supervision/overview.py" line="123"/>
        <source>Open actions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/overview.py" line="128"/>
        <source>Families with alerts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/feedback_widgets.py" line="101"/>
        <source>Returned with a question</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/feedback_widgets.py" line="103"/>
        <source>Marked reviewed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/feedback_widgets.py" line="105"/>
        <source>To discuss in supervision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/feedback_widgets.py" line="107"/>
        <source>Reply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/barrier_labels.py" line="30"/>
        <source>BarriersPage</source>
        <comment>Being addressed</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/barrier_labels.py" line="31"/>
        <source>BarriersPage</source>
        <comment>Resolved</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/barrier_labels.py" line="32"/>
        <source>BarriersPage</source>
        <comment>Planned</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/barrier_labels.py" line="33"/>
        <source>BarriersPage</source>
        <comment>Running</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/barrier_labels.py" line="34"/>
        <source>BarriersPage</source>
        <comment>Studying the results</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/barrier_labels.py" line="35"/>
        <source>BarriersPage</source>
        <comment>Adopted</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/barrier_labels.py" line="36"/>
        <source>BarriersPage</source>
        <comment>Adapted</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/barrier_labels.py" line="37"/>
        <source>BarriersPage</source>
        <comment>Abandoned</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/barrier_labels.py" line="45"/>
        <source>BarriersPage</source>
        <comment>Medium</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/barrier_labels.py" line="46"/>
        <source>BarriersPage</source>
        <comment>High</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/today.py" line="308"/>
        <source>Alerts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/today.py" line="221"/>
        <location filename="../../relapp/ui/views/today.py" line="239"/>
        <location filename="../../relapp/ui/views/today.py" line="274"/>
        <location filename="../../relapp/ui/views/today.py" line="287"/>
        <location filename="../../relapp/ui/views/today.py" line="310"/>
        <location filename="../../relapp/ui/views/today.py" line="329"/>
        <location filename="../../relapp/ui/views/today.py" line="341"/>
        <location filename="../../relapp/ui/views/today.py" line="353"/>
        <source>Family</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/today.py" line="311"/>
        <source>Answered by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/today.py" line="312"/>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/today.py" line="275"/>
        <location filename="../../relapp/ui/views/today.py" line="313"/>
        <source>What happened</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/today.py" line="316"/>
        <source>No alerts: every family&apos;s latest check-in is above its alert level and has not dropped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/today.py" line="326"/>
        <source>Drafts to finish</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/today.py" line="330"/>
        <source>Last saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/today.py" line="332"/>
        <source>No drafts waiting. A reflection you start but do not submit appears here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/today.py" line="338"/>
        <source>Visits this week</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/today.py" line="288"/>
        <location filename="../../relapp/ui/views/today.py" line="340"/>
        <source>When</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/today.py" line="218"/>
        <source>Unfinished</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/today.py" line="220"/>
        <location filename="../../relapp/ui/views/today.py" line="286"/>
        <source>What</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/today.py" line="221"/>
        <source>(no family chosen yet)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/today.py" line="222"/>
        <source>So far</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/today.py" line="223"/>
        <source>Kept</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/today.py" line="225"/>
        <source>Nothing unfinished. A form you leave before it can be saved is kept here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/today.py" line="235"/>
        <source>Waiting for your review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/today.py" line="240"/>
        <source>Submitted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/today.py" line="242"/>
        <source>Nothing waiting: every submitted reflection has had your feedback.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/today.py" line="245"/>
        <source>{0} more are in the review queue on the Supervision page.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/today.py" line="248"/>
        <source>Returned and answered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/today.py" line="252"/>
        <source>Answered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/today.py" line="253"/>
        <source>Their answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/today.py" line="255"/>
        <source>No answers waiting: a reflection you return shows here once it is answered.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/today.py" line="260"/>
        <source>Supervision due</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/today.py" line="263"/>
        <source>Last session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/today.py" line="266"/>
        <source>Everyone has had supervision within the team&apos;s cadence.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/today.py" line="271"/>
        <source>Alerts across the team</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/today.py" line="277"/>
        <source>No alerts: every family&apos;s latest check-in is above its alert level.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/today.py" line="281"/>
        <source>{0} more: each practitioner&apos;s are in the Supervision page&apos;s overview.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/today.py" line="284"/>
        <source>Erasure and retention</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/today.py" line="290"/>
        <source>No erasure requests, and no family reaches the end of its retention soon.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/today.py" line="293"/>
        <source>{0} more: on the Sync page, and under Retention and legal holds.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/today.py" line="322"/>
        <source>{0} older alerts: each family&apos;s are on the Check-ins page.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/today.py" line="335"/>
        <source>{0} more drafts are on the Reflections page.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/today.py" line="342"/>
        <source>How</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/today.py" line="343"/>
        <source>Purpose</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/today.py" line="345"/>
        <source>No visits recorded for this week yet — record one on the Visits page.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/today.py" line="348"/>
        <source>{0} more visits this week are on the Visits page.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/today.py" line="351"/>
        <source>Check-ins due</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/today.py" line="354"/>
        <source>Your last check-in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/today.py" line="356"/>
        <source>Every active family has had a check-in from you in the last four weeks.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/today.py" line="359"/>
        <source>{0} more families are due: the Families page marks each one Due now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/today.py" line="362"/>
        <source>Feedback received</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/today.py" line="365"/>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/today.py" line="366"/>
        <source>Received</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/today.py" line="367"/>
        <source>Feedback</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/today.py" line="369"/>
        <source>No feedback yet. When your supervisor comments on a reflection, it shows here.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ActionsEditor</name>
    <message>
        <location filename="../../relapp/ui/supervision/session_editor.py" line="177"/>
        <source>No actions yet. Add one for each thing agreed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/session_editor.py" line="178"/>
        <source>&amp;Add action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/session_editor.py" line="179"/>
        <source>Add action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/session_editor.py" line="197"/>
        <source>Carried from the session on {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/session_editor.py" line="198"/>
        <source>Carried from an earlier session</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Agreement</name>
    <message>
        <location filename="../../relapp/ui/agreement.py" line="45"/>
        <source>{0} and {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/agreement.py" line="54"/>
        <source>No agreement recorded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/agreement.py" line="62"/>
        <source>an unknown day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/agreement.py" line="64"/>
        <source>the family</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/agreement.py" line="66"/>
        <source>Withdrawn on {0} by {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/agreement.py" line="71"/>
        <source>working with the service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/agreement.py" line="73"/>
        <source>check-ins</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/agreement.py" line="74"/>
        <source>Agreed on {0} with {1}: {2}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/agreement.py" line="78"/>
        <source>no work with the service or check-ins</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/agreement.py" line="81"/>
        <source>; sharing with {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/agreement.py" line="91"/>
        <source>Agreement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/agreement.py" line="97"/>
        <source>The family&apos;s agreement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/agreement.py" line="99"/>
        <location filename="../../relapp/ui/agreement.py" line="161"/>
        <source>Reading the agreement…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/agreement.py" line="101"/>
        <source>Agreement now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/agreement.py" line="107"/>
        <source>Who explained and recorded it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/agreement.py" line="111"/>
        <source>What was explained</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/agreement.py" line="118"/>
        <location filename="../../relapp/ui/agreement.py" line="248"/>
        <source>&amp;Record agreement…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/agreement.py" line="122"/>
        <source>Record &amp;withdrawal…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/agreement.py" line="125"/>
        <source>Record that the family withdrew agreement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/agreement.py" line="128"/>
        <source>The family no longer agrees: record the withdrawal (earlier versions stay)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/agreement.py" line="198"/>
        <source>Record what you explained to the family and what they agreed to: working with the service, completing check-ins, sharing with named partners.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/agreement.py" line="206"/>
        <source>Explained and recorded by {0} on {1}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/agreement.py" line="210"/>
        <source>Explained by {0}; recorded by {1} on {2}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/agreement.py" line="214"/>
        <source>What was explained: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/agreement.py" line="224"/>
        <source>Before:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/agreement.py" line="228"/>
        <source>{0} (recorded {1})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/agreement.py" line="234"/>
        <source>An earlier version of the agreement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/agreement.py" line="241"/>
        <source>…and {0} earlier (all in the subject access export).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/agreement.py" line="251"/>
        <source>Record the family&apos;s agreement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/agreement.py" line="255"/>
        <source>&amp;Record new agreement…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/agreement.py" line="258"/>
        <source>Record a new agreement from the family</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/agreement.py" line="262"/>
        <source>&amp;Change agreement…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/agreement.py" line="265"/>
        <source>Change what the family agreed to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/agreement.py" line="296"/>
        <source>Agreement withdrawn: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/agreement.py" line="298"/>
        <source>Agreement: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/agreement.py" line="307"/>
        <source>Record the day the family withdrew their agreement and who told you. What they agreed to before stays on record.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/agreement.py" line="313"/>
        <source>Record what you explained and what the family agreed to. A change is kept as a new version: what was agreed before stays on record.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/agreement.py" line="328"/>
        <source>Withdrawn on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/agreement.py" line="330"/>
        <source>Agreed on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/agreement.py" line="333"/>
        <source>&amp;Withdrawn on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/agreement.py" line="335"/>
        <source>&amp;Agreed on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/agreement.py" line="349"/>
        <source>Withdrawn by {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/agreement.py" line="351"/>
        <source>Agreed by {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/agreement.py" line="358"/>
        <source>Someone else (name and role)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/agreement.py" line="360"/>
        <source>Name and role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/agreement.py" line="363"/>
        <source>Someone else in the family</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/agreement.py" line="369"/>
        <source>Withdrawn by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/agreement.py" line="371"/>
        <source>Agreed by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/agreement.py" line="376"/>
        <source>Working with the &amp;service (early help)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/agreement.py" line="379"/>
        <source>Completing &amp;check-ins (sometimes on this laptop)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/agreement.py" line="385"/>
        <source>e.g. health visitor, nursery; empty for none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/agreement.py" line="388"/>
        <source>Sharing with named partners</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/agreement.py" line="398"/>
        <source>They agreed to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/agreement.py" line="399"/>
        <source>Sharing &amp;with</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/agreement.py" line="405"/>
        <source>Anything to note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/agreement.py" line="407"/>
        <source>What you explained</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/agreement.py" line="410"/>
        <source>Optional: what the family said, and what stops now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/agreement.py" line="414"/>
        <source>What early help is, who sees what, how long it is kept…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/agreement.py" line="420"/>
        <source>&amp;Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/agreement.py" line="422"/>
        <source>What you e&amp;xplained</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/agreement.py" line="432"/>
        <source>Record withdrawal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/agreement.py" line="434"/>
        <source>Save agreement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/agreement.py" line="475"/>
        <source>Agreement saved</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AlertBox</name>
    <message>
        <location filename="../../relapp/ui/checkin_form.py" line="102"/>
        <location filename="../../relapp/ui/checkin_form.py" line="116"/>
        <source>Alert</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AmendDialog</name>
    <message>
        <location filename="../../relapp/ui/reflection_dialogs.py" line="41"/>
        <source>Amend reflection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/reflection_dialogs.py" line="47"/>
        <source>Amending starts a new, editable version. The version you submitted stays in the history exactly as it was. Say briefly why you are amending it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/reflection_dialogs.py" line="54"/>
        <source>Reason for amending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/reflection_dialogs.py" line="55"/>
        <source>e.g. Adding what I learned at the next visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/reflection_dialogs.py" line="57"/>
        <source>&amp;Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/reflection_dialogs.py" line="63"/>
        <source>&amp;Amend</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AskErasureDialog</name>
    <message>
        <location filename="../../relapp/ui/erase_dialog.py" line="384"/>
        <location filename="../../relapp/ui/erase_dialog.py" line="385"/>
        <source>Ask for erasure</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/erase_dialog.py" line="387"/>
        <source>this family</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/erase_dialog.py" line="388"/>
        <source>Ask your supervisors to erase {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/erase_dialog.py" line="391"/>
        <source>A supervisor checks the request and erases the family and everything that belongs to it on every laptop of the team, or declines it with a reason you will see. Nothing is erased until then.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/erase_dialog.py" line="397"/>
        <source>Request reference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/erase_dialog.py" line="398"/>
        <source>e.g. SAR-2026-014</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/erase_dialog.py" line="401"/>
        <source>Reason (do not name anyone)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/erase_dialog.py" line="402"/>
        <source>e.g. The family asked for their records to go</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/erase_dialog.py" line="406"/>
        <source>Request &amp;reference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/erase_dialog.py" line="407"/>
        <source>Reason (do not &amp;name anyone)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/erase_dialog.py" line="410"/>
        <source>&amp;Send to supervisors</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/erase_dialog.py" line="411"/>
        <source>Send the erasure request to supervisors</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/erase_dialog.py" line="413"/>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/erase_dialog.py" line="438"/>
        <source>Give the reference of the erasure request (for example SAR-2026-014).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/erase_dialog.py" line="444"/>
        <source>Say why the family should be erased, without naming anyone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/erase_dialog.py" line="451"/>
        <source>Saving the request…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AuditTrail</name>
    <message>
        <location filename="../../relapp/ui/supervision/audit.py" line="40"/>
        <source>Unlocked the app</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/audit.py" line="41"/>
        <source>Unlocked after wrong passphrases</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/audit.py" line="44"/>
        <source>Opened a family</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/audit.py" line="45"/>
        <source>Opened a reflection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/audit.py" line="46"/>
        <source>Opened a check-in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/audit.py" line="47"/>
        <source>Showed a parent the notice before a check-in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/audit.py" line="50"/>
        <source>Exported everything</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/audit.py" line="51"/>
        <source>Made a report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/audit.py" line="52"/>
        <source>Subject access export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/audit.py" line="53"/>
        <source>Erased</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/audit.py" line="54"/>
        <source>Applied an erasure from a supervisor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/audit.py" line="57"/>
        <source>Asked for an erasure</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/audit.py" line="58"/>
        <source>Declined an erasure request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/audit.py" line="59"/>
        <source>Ran the retention rule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/audit.py" line="60"/>
        <source>Discarded old drafts and unsent words (retention rule)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/audit.py" line="63"/>
        <source>Placed a legal hold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/audit.py" line="64"/>
        <source>Lifted a legal hold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/audit.py" line="65"/>
        <source>Changed the team</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/audit.py" line="72"/>
        <source>Problem: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/audit.py" line="74"/>
        <source>Received</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/audit.py" line="75"/>
        <source>This laptop</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AuditTrailTab</name>
    <message>
        <location filename="../../relapp/ui/supervision/audit.py" line="91"/>
        <source>Who unlocked, opened, exported, reported and erased what: on this laptop, and on every laptop of the team once its trail has arrived here by sync. Ids only — never what a record says. Each laptop&apos;s entries are chained by hash, so one dropped, reordered or changed shows below.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/audit.py" line="101"/>
        <source>Problems with laptops&apos; audit trails</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/audit.py" line="107"/>
        <source>Show entries of person</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/audit.py" line="107"/>
        <source>Everyone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/audit.py" line="108"/>
        <source>Show entries about family</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/audit.py" line="108"/>
        <source>All families</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/audit.py" line="109"/>
        <source>Show entries of action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/audit.py" line="109"/>
        <source>Every action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/audit.py" line="113"/>
        <source>Show entries from period</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/audit.py" line="116"/>
        <source>Any time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/audit.py" line="117"/>
        <source>Last 7 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/audit.py" line="118"/>
        <source>Last 30 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/audit.py" line="119"/>
        <source>Last 12 months</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/audit.py" line="120"/>
        <source>Between these dates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/audit.py" line="124"/>
        <source>Period: from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/audit.py" line="125"/>
        <source>Period: to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/audit.py" line="130"/>
        <source>to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/audit.py" line="134"/>
        <source>P&amp;erson:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/audit.py" line="136"/>
        <source>&amp;Family:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/audit.py" line="138"/>
        <source>&amp;Action:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/audit.py" line="140"/>
        <source>Peri&amp;od:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/audit.py" line="156"/>
        <source>E&amp;xport CSV for the DPO…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/audit.py" line="157"/>
        <source>Export the entries shown as a CSV file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/audit.py" line="164"/>
        <source>When</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/audit.py" line="165"/>
        <source>Who</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/audit.py" line="166"/>
        <source>Laptop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/audit.py" line="167"/>
        <source>Action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/audit.py" line="168"/>
        <source>Records</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/audit.py" line="169"/>
        <source>Trail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/audit.py" line="181"/>
        <source>Audit trail entries, newest first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/audit.py" line="191"/>
        <source>Export progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/audit.py" line="275"/>
        <source>Laptop …{0} ({1}), entry {2}: {3}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/audit.py" line="279"/>
        <source>Some laptops&apos; trails were not sent whole:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/audit.py" line="281"/>
        <source>…and {0} more (in the CSV).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/audit.py" line="290"/>
        <source>The period ends before it starts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/audit.py" line="306"/>
        <source>{0} entries</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/audit.py" line="317"/>
        <source>Save the audit trail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/audit.py" line="317"/>
        <source>CSV files (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/audit.py" line="330"/>
        <source>Writing the audit trail…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/audit.py" line="355"/>
        <source>Saved {0} entries to {1} (ids only; its first lines explain the columns).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BarrierEditor</name>
    <message>
        <location filename="../../relapp/ui/views/barriers/barriers_tab.py" line="68"/>
        <location filename="../../relapp/ui/views/barriers/barriers_tab.py" line="151"/>
        <source>Barrier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/barriers_tab.py" line="69"/>
        <location filename="../../relapp/ui/views/barriers/barriers_tab.py" line="137"/>
        <source>Category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/barriers_tab.py" line="73"/>
        <location filename="../../relapp/ui/views/barriers/barriers_tab.py" line="138"/>
        <source>What got in the way</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/barriers_tab.py" line="74"/>
        <source>Describe what got in the way and how it affected the family or the work.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/barriers_tab.py" line="77"/>
        <source>Impact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/barriers_tab.py" line="78"/>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/barriers_tab.py" line="79"/>
        <location filename="../../relapp/ui/views/barriers/barriers_tab.py" line="139"/>
        <source>Noticed on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/barriers_tab.py" line="81"/>
        <location filename="../../relapp/ui/views/barriers/barriers_tab.py" line="140"/>
        <source>Service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/barriers_tab.py" line="82"/>
        <source>For example Family Hub North (optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/barriers_tab.py" line="84"/>
        <source>Linked visits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/barriers_tab.py" line="85"/>
        <source>Press Enter to open a visit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/barriers_tab.py" line="91"/>
        <source>Not linked to a visit. Record a barrier from a visit to link the two.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/barriers_tab.py" line="94"/>
        <location filename="../../relapp/ui/views/barriers/barriers_tab.py" line="95"/>
        <source>Save barrier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/barriers_tab.py" line="99"/>
        <source>&amp;Category:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/barriers_tab.py" line="101"/>
        <source>&amp;Impact:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/barriers_tab.py" line="102"/>
        <source>&amp;Status:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/barriers_tab.py" line="103"/>
        <source>N&amp;oticed on:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/barriers_tab.py" line="104"/>
        <source>Ser&amp;vice:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/barriers_tab.py" line="107"/>
        <source>&amp;What got in the way:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/barriers_tab.py" line="108"/>
        <source>&amp;Linked visits:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/barriers_tab.py" line="148"/>
        <source>Barrier saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/barriers_tab.py" line="151"/>
        <source>New barrier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/barriers_tab.py" line="169"/>
        <source>Loading…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BarriersBoardTab</name>
    <message>
        <location filename="../../relapp/ui/supervision/board.py" line="132"/>
        <source>Barriers by category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/board.py" line="132"/>
        <location filename="../../relapp/ui/supervision/board.py" line="145"/>
        <source>Category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/board.py" line="135"/>
        <source>Barriers by month noticed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/board.py" line="135"/>
        <location filename="../../relapp/ui/supervision/board.py" line="216"/>
        <source>Month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/board.py" line="143"/>
        <source>Noticed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/board.py" line="146"/>
        <source>Impact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/board.py" line="147"/>
        <location filename="../../relapp/ui/supervision/board.py" line="185"/>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/board.py" line="149"/>
        <source>Visits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/board.py" line="151"/>
        <source>Description</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/board.py" line="156"/>
        <source>Barriers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/board.py" line="161"/>
        <source>Visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/board.py" line="164"/>
        <source>Visits the chosen barrier was noticed on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/board.py" line="167"/>
        <source>Not linked to any visit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/board.py" line="168"/>
        <source>Open &amp;visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/board.py" line="169"/>
        <source>Open the chosen visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/board.py" line="175"/>
        <source>No barriers recorded across the team yet. Practitioners record them on the Barriers &amp; changes page or from a visit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/board.py" line="184"/>
        <source>Change test</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/board.py" line="187"/>
        <source>Starts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/board.py" line="191"/>
        <source>Against</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/board.py" line="196"/>
        <location filename="../../relapp/ui/supervision/board.py" line="280"/>
        <source>Change tests</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/board.py" line="201"/>
        <source>No change tests yet. They are planned on the Barriers &amp; changes page.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/board.py" line="209"/>
        <source>Plan, do, study, act</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/board.py" line="215"/>
        <source>Check-in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/board.py" line="217"/>
        <source>Period</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/board.py" line="218"/>
        <source>Average</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/board.py" line="219"/>
        <source>Check-ins</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/board.py" line="220"/>
        <source>On the scale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/board.py" line="226"/>
        <source>Check-in averages by month, before and after</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/board.py" line="232"/>
        <source>Open in Barriers &amp;&amp; &amp;changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/board.py" line="234"/>
        <source>Open the change test on the Barriers and changes page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/board.py" line="250"/>
        <source>How often barriers came up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/board.py" line="257"/>
        <source>By category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/board.py" line="258"/>
        <source>By month noticed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/board.py" line="270"/>
        <source>Barriers and the visits they were noticed on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/board.py" line="293"/>
        <source>Check-ins before and after it started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/board.py" line="348"/>
        <source>The board could not be loaded. Try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/board.py" line="356"/>
        <source>{0} record(s) could not be read and are not counted. Ask IT to check this laptop&apos;s Relapp profile.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/board.py" line="377"/>
        <source>{0} noticed earlier.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/board.py" line="379"/>
        <source>{0} with no date noticed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/board.py" line="420"/>
        <source>Visits the chosen barrier ({0}, noticed {1}) was linked to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/board.py" line="421"/>
        <source>undated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/board.py" line="476"/>
        <source>Before</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/board.py" line="477"/>
        <source>After</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/board.py" line="503"/>
        <source>Plan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/board.py" line="504"/>
        <source>Do</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/board.py" line="505"/>
        <source>Study</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/board.py" line="506"/>
        <source>Act</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/board.py" line="507"/>
        <source>Measure</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/board.py" line="508"/>
        <source>Outcome</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/board.py" line="522"/>
        <source>From {0} to {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/board.py" line="524"/>
        <source>From {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/board.py" line="526"/>
        <source>No dates yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/board.py" line="529"/>
        <source>Against: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/board.py" line="531"/>
        <source>Not linked to a barrier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/board.py" line="539"/>
        <source>It has no start date yet, so there is no before and after to compare.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/board.py" line="541"/>
        <source>It starts on {0}: check-ins can be compared once it has begun.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/board.py" line="546"/>
        <source>None of its barriers is linked to a visit, so there are no families whose check-ins could be compared.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/board.py" line="550"/>
        <source>the family</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/board.py" line="552"/>
        <source>the {0} families</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/board.py" line="556"/>
        <source>Compared: check-ins of {0} seen on visits where its barriers were noticed, in the {1} months either side of {2}. There were none.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/board.py" line="560"/>
        <source>Compared: every check-in (all respondents) of {0} seen on visits where its barriers were noticed, in the {1} months before {2} and the {1} months from {2} (or up to today).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/board.py" line="569"/>
        <source>{0}: no check-ins before; {1} after ({2} check-ins).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/board.py" line="573"/>
        <source>{0}: {1} before ({2} check-ins); none after yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/board.py" line="578"/>
        <source>up {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/board.py" line="580"/>
        <source>down {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/board.py" line="582"/>
        <source>about the same</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/board.py" line="584"/>
        <source>{0}: average {1} before ({2} check-ins), {3} after ({4}) — {5}.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BarriersPage</name>
    <message>
        <location filename="../../relapp/ui/views/barriers/page.py" line="49"/>
        <source>Barriers and change tests</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/page.py" line="52"/>
        <source>Barriers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/page.py" line="53"/>
        <source>Change tests</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/page.py" line="58"/>
        <source>Back to the &amp;visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/page.py" line="59"/>
        <source>Back to the visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/page.py" line="70"/>
        <source>Barriers &amp; changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/page.py" line="74"/>
        <source>What in the system gets in the way of relational work, and the small changes your team tries against it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/page.py" line="173"/>
        <source>Barrier saved and linked to the visit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/page.py" line="199"/>
        <source>{0} record(s) could not be read and are not shown. Ask IT to check this laptop&apos;s Relapp profile.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/page.py" line="211"/>
        <source>The barriers could not be loaded. Try again.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BarriersTab</name>
    <message>
        <location filename="../../relapp/ui/views/barriers/barriers_tab.py" line="262"/>
        <source>Barriers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/barriers_tab.py" line="266"/>
        <source>Show barriers of category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/barriers_tab.py" line="267"/>
        <source>All categories</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/barriers_tab.py" line="271"/>
        <source>Show barriers with status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/barriers_tab.py" line="272"/>
        <source>Any status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/barriers_tab.py" line="277"/>
        <source>&amp;New barrier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/barriers_tab.py" line="278"/>
        <source>New barrier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/barriers_tab.py" line="279"/>
        <source>Record a new barrier (Ctrl+N)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/barriers_tab.py" line="283"/>
        <source>Ca&amp;tegory:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/barriers_tab.py" line="285"/>
        <source>Stat&amp;us:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/barriers_tab.py" line="296"/>
        <source>No barriers recorded yet — press Ctrl+N to record one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/barriers_tab.py" line="300"/>
        <source>No barriers match these filters. Choose “All categories” or “Any status”.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CaseloadTrendsTab</name>
    <message>
        <location filename="../../relapp/ui/supervision/trends.py" line="55"/>
        <location filename="../../relapp/ui/supervision/trends.py" line="321"/>
        <source>&amp;Alerts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/trends.py" line="58"/>
        <location filename="../../relapp/ui/supervision/trends.py" line="235"/>
        <source>Family</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/trends.py" line="59"/>
        <location filename="../../relapp/ui/supervision/trends.py" line="243"/>
        <source>Practitioner</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/trends.py" line="60"/>
        <source>Check-in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/trends.py" line="61"/>
        <source>Answered by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/trends.py" line="62"/>
        <source>Score</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/trends.py" line="63"/>
        <source>When</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/trends.py" line="64"/>
        <source>What happened</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/trends.py" line="69"/>
        <location filename="../../relapp/ui/supervision/trends.py" line="237"/>
        <source>Alerts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/trends.py" line="79"/>
        <source>No alerts: no family&apos;s latest check-in is below its alert level or has dropped by the instrument&apos;s reliable-change amount.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/trends.py" line="87"/>
        <source>Name, reference or service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/trends.py" line="88"/>
        <source>Find a family</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/trends.py" line="93"/>
        <source>Show families of practitioner</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/trends.py" line="95"/>
        <source>Only families with a&amp;lerts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/trends.py" line="96"/>
        <source>Only families with alerts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/trends.py" line="97"/>
        <source>Closed &amp;families too</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/trends.py" line="98"/>
        <source>Show closed families too</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/trends.py" line="110"/>
        <source>Families and their latest scores</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/trends.py" line="114"/>
        <source>No family matches these filters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/trends.py" line="118"/>
        <source>No families yet. Families, visits and check-ins arrive from the team&apos;s practitioners with each sync.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/trends.py" line="129"/>
        <source>Check-in to chart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/trends.py" line="131"/>
        <source>&amp;Open family</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/trends.py" line="132"/>
        <source>Open the family&apos;s page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/trends.py" line="133"/>
        <source>Open the family&apos;s page (or double-click its row)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/trends.py" line="138"/>
        <source>Choose a family to see its check-in trend.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/trends.py" line="150"/>
        <source>F&amp;ind:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/trends.py" line="152"/>
        <source>&amp;Practitioner:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/trends.py" line="175"/>
        <source>C&amp;heck-in:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/trends.py" line="204"/>
        <source>Families</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/trends.py" line="224"/>
        <source>Below {0}, and down {1} from {2}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/trends.py" line="228"/>
        <source>Below the alert level of {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/trends.py" line="229"/>
        <source>Down {0} since the previous check-in (from {1})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/trends.py" line="268"/>
        <source>{0} below</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/trends.py" line="274"/>
        <source>1 alert</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/trends.py" line="274"/>
        <source>{0} alerts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/trends.py" line="297"/>
        <source>The caseload could not be loaded. Try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/trends.py" line="304"/>
        <source>Practitioners&apos; names could not be read: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/trends.py" line="309"/>
        <source>{0} record(s) could not be read and are not counted. Ask IT to check this laptop&apos;s Relapp profile.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/trends.py" line="319"/>
        <source>&amp;Alerts ({0})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/trends.py" line="330"/>
        <source>2 alerts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/trends.py" line="356"/>
        <source>Unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/trends.py" line="363"/>
        <source>Everyone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/trends.py" line="472"/>
        <source>{0} — {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/trends.py" line="478"/>
        <source>{0}: {1} trend chart</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChangeTestEditor</name>
    <message>
        <location filename="../../relapp/ui/views/barriers/change_tests.py" line="53"/>
        <location filename="../../relapp/ui/views/barriers/change_tests.py" line="157"/>
        <source>Change test</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/change_tests.py" line="55"/>
        <location filename="../../relapp/ui/views/barriers/change_tests.py" line="148"/>
        <source>Title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/change_tests.py" line="56"/>
        <source>A short name for the change you are trying</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/change_tests.py" line="57"/>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/change_tests.py" line="58"/>
        <source>Start date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/change_tests.py" line="58"/>
        <source>Started or starts on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/change_tests.py" line="59"/>
        <source>End date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/change_tests.py" line="59"/>
        <source>Ended on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/change_tests.py" line="61"/>
        <source>Plan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/change_tests.py" line="62"/>
        <source>What will you try, who will do what, and what do you expect to happen?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/change_tests.py" line="64"/>
        <source>Do</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/change_tests.py" line="64"/>
        <source>What happened when you tried it?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/change_tests.py" line="66"/>
        <source>Study</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/change_tests.py" line="67"/>
        <source>What did you learn? How does it compare with what you expected?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/change_tests.py" line="70"/>
        <source>Act</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/change_tests.py" line="70"/>
        <source>Adopt, adapt or abandon the change — and what happens next?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/change_tests.py" line="73"/>
        <source>Measure</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/change_tests.py" line="73"/>
        <source>How will you know whether it helped?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/change_tests.py" line="75"/>
        <source>Outcome</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/change_tests.py" line="75"/>
        <source>What came of it, in a sentence.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/change_tests.py" line="77"/>
        <source>Barriers this change tries to remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/change_tests.py" line="78"/>
        <source>Press Space to tick or untick a barrier.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/change_tests.py" line="86"/>
        <source>No barriers recorded yet. Record one on the Barriers tab to link it here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/change_tests.py" line="89"/>
        <location filename="../../relapp/ui/views/barriers/change_tests.py" line="90"/>
        <source>Save change test</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/change_tests.py" line="94"/>
        <source>&amp;Title:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/change_tests.py" line="95"/>
        <source>&amp;Status:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/change_tests.py" line="96"/>
        <source>Start:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/change_tests.py" line="97"/>
        <source>&amp;End:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/change_tests.py" line="99"/>
        <source>&amp;Barriers it tries to remove:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/change_tests.py" line="110"/>
        <source>&amp;Plan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/change_tests.py" line="111"/>
        <source>&amp;Do</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/change_tests.py" line="112"/>
        <source>St&amp;udy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/change_tests.py" line="113"/>
        <source>&amp;Act</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/change_tests.py" line="114"/>
        <source>&amp;Measure</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/change_tests.py" line="115"/>
        <source>&amp;Outcome</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/change_tests.py" line="149"/>
        <source>Start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/change_tests.py" line="150"/>
        <source>End</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/change_tests.py" line="154"/>
        <source>Change test saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/change_tests.py" line="157"/>
        <source>New change test</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/change_tests.py" line="177"/>
        <source>A barrier that was deleted or cannot be read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/change_tests.py" line="246"/>
        <source>Untitled change test</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChangeTestsTab</name>
    <message>
        <location filename="../../relapp/ui/views/barriers/change_tests.py" line="278"/>
        <source>Change tests</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/change_tests.py" line="280"/>
        <source>&amp;New change test</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/change_tests.py" line="281"/>
        <source>New change test</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/change_tests.py" line="282"/>
        <source>Plan a new change test (Ctrl+N)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/change_tests.py" line="286"/>
        <source>A change test is a small, time-limited change to how the system works, tried against one or more barriers: plan it, do it, study what happened, then act.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/change_tests.py" line="291"/>
        <source>No change tests yet — press Ctrl+N to plan one.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CheckinForm</name>
    <message>
        <location filename="../../relapp/ui/checkin_form.py" line="173"/>
        <location filename="../../relapp/ui/checkin_form.py" line="174"/>
        <source>Family</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/checkin_form.py" line="176"/>
        <source>Who is answering</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/checkin_form.py" line="180"/>
        <source>&amp;Who is answering</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/checkin_form.py" line="193"/>
        <source>A parent can answer these questions on this laptop themselves, in large print, without seeing anything else. When they finish, Relapp locks.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/checkin_form.py" line="199"/>
        <source>&amp;Hand the laptop to the parent…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/checkin_form.py" line="200"/>
        <source>Hand the laptop to the parent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/checkin_form.py" line="218"/>
        <source>&amp;Comment (optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/checkin_form.py" line="220"/>
        <source>Comment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/checkin_form.py" line="223"/>
        <source>Anything that helps make sense of these answers later.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/checkin_form.py" line="245"/>
        <source>Score</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/checkin_form.py" line="250"/>
        <source>&amp;Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/checkin_form.py" line="251"/>
        <source>Cancel this check-in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/checkin_form.py" line="254"/>
        <source>&amp;Save check-in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/checkin_form.py" line="255"/>
        <source>Save check-in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/checkin_form.py" line="360"/>
        <source>{0} of {1} answered: the score shows when every item has an answer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/checkin_form.py" line="377"/>
        <source>Saving…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/checkin_form.py" line="418"/>
        <source>Your unfinished answers from before are back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/checkin_form.py" line="433"/>
        <source>&amp;Back to check-ins</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/checkin_form.py" line="434"/>
        <source>Back to check-ins</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/checkin_form.py" line="436"/>
        <source>Saved {0}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/checkin_form.py" line="441"/>
        <source>Check-in saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/checkin_form.py" line="449"/>
        <source>The check-in could not be saved: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/checkin_form.py" line="458"/>
        <source>Discard this check-in?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/checkin_form.py" line="459"/>
        <source>The answers you have chosen will not be kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/checkin_form.py" line="460"/>
        <source>Discard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/checkin_form.py" line="476"/>
        <source>Relapp will first tell the parent, in plain words, who will see their answers, why and for how long; then show only these questions, in large print, with the parent&apos;s wording. Nothing else in Relapp can be reached until you type your passphrase again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/checkin_form.py" line="490"/>
        <source>Relapp has no record that this family agreed to complete check-ins. Ask them first, and record their agreement on the family&apos;s page, or hand over anyway if they have agreed and it is not recorded yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/checkin_form.py" line="499"/>
        <source>No agreement to check-ins recorded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/checkin_form.py" line="501"/>
        <source>Hand over anyway</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/checkin_form.py" line="502"/>
        <source>Record agreement first…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/checkin_form.py" line="482"/>
        <source>The answers already chosen on this form are not kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/checkin_form.py" line="485"/>
        <source>Hand the laptop to the parent?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/checkin_form.py" line="485"/>
        <source>Hand over</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CheckinView</name>
    <message>
        <location filename="../../relapp/ui/views/checkin_view.py" line="33"/>
        <source>← &amp;Back to check-ins</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/checkin_view.py" line="34"/>
        <source>Back to check-ins</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/checkin_view.py" line="37"/>
        <source>Open the &amp;visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/checkin_view.py" line="45"/>
        <source>Score</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/checkin_view.py" line="54"/>
        <source>Question</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/checkin_view.py" line="56"/>
        <source>Answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/checkin_view.py" line="64"/>
        <source>Answers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/checkin_view.py" line="73"/>
        <source>Comment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/checkin_view.py" line="88"/>
        <source>{0} · {1} · answered by: {2}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CheckinsPage</name>
    <message>
        <location filename="../../relapp/ui/views/checkins.py" line="122"/>
        <location filename="../../relapp/ui/views/checkins.py" line="183"/>
        <source>Check-ins</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/checkins.py" line="126"/>
        <source>Short ratings of how relationships feel, by you or by a parent. Press Enter to see a check-in&apos;s answers, Ctrl+N to add one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/checkins.py" line="134"/>
        <source>Show family</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/checkins.py" line="137"/>
        <source>Show check-in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/checkins.py" line="140"/>
        <source>&amp;Family:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/checkins.py" line="141"/>
        <source>C&amp;heck-in:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/checkins.py" line="149"/>
        <source>&amp;New check-in…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/checkins.py" line="150"/>
        <source>New check-in (Ctrl+N)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/checkins.py" line="156"/>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/checkins.py" line="157"/>
        <source>Family</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/checkins.py" line="158"/>
        <source>Check-in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/checkins.py" line="160"/>
        <source>Answered by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/checkins.py" line="165"/>
        <source>Score</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/checkins.py" line="170"/>
        <source>Alert</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/checkins.py" line="170"/>
        <source>⚠ Alert</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/checkins.py" line="370"/>
        <source>Check-ins could not be shown: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/checkins.py" line="384"/>
        <source>All families</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/checkins.py" line="386"/>
        <source>Myself (self-check)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/checkins.py" line="391"/>
        <source>All check-ins</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/checkins.py" line="412"/>
        <source>No check-ins match these filters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/checkins.py" line="415"/>
        <source>No check-ins yet — press Ctrl+N to record one after a visit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/checkins.py" line="433"/>
        <source>Choose a check-in first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/checkins.py" line="457"/>
        <source>Trend for {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/checkins.py" line="567"/>
        <source>Finish or cancel this check-in before starting another.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChooseMemberDialog</name>
    <message>
        <location filename="../../relapp/ui/views/sync_dialogs.py" line="43"/>
        <source>Approve as another laptop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_dialogs.py" line="51"/>
        <source>The laptop that asked as “{0}” (request {1}) will write as the member you choose, and receive what they receive.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_dialogs.py" line="58"/>
        <source>Member</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_dialogs.py" line="61"/>
        <source>&amp;Member:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_dialogs.py" line="68"/>
        <source>Approve</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConflictDialog</name>
    <message>
        <location filename="../../relapp/ui/views/sync_dialogs.py" line="90"/>
        <location filename="../../relapp/ui/views/sync_dialogs.py" line="91"/>
        <source>Resolve a conflict</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_dialogs.py" line="100"/>
        <source>This record was changed on two laptops before they synced, so there are two versions. Choose the one to keep: it becomes the current version on every laptop. The other stays in the record&apos;s history.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_dialogs.py" line="113"/>
        <source>Version on the left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_dialogs.py" line="113"/>
        <source>Version on the right</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_dialogs.py" line="123"/>
        <source>&amp;Keep this one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_dialogs.py" line="123"/>
        <source>K&amp;eep this one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_dialogs.py" line="129"/>
        <source>The two versions side by side</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_dialogs.py" line="140"/>
        <source>Decide &amp;later</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_dialogs.py" line="145"/>
        <source>Opening both versions…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_dialogs.py" line="157"/>
        <source>Made on this laptop by {0}, {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_dialogs.py" line="159"/>
        <source>Made by {0} on another laptop, {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_dialogs.py" line="160"/>
        <source> (moved to the trash)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_dialogs.py" line="165"/>
        <source>The versions of this conflict cannot be found.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_dialogs.py" line="196"/>
        <source>Keep this one: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_dialogs.py" line="202"/>
        <source>≠ marks the lines that differ ({0}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_dialogs.py" line="204"/>
        <source>The two versions hold the same words; keep either.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_dialogs.py" line="241"/>
        <source>Keeping that version…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_dialogs.py" line="252"/>
        <source>Conflict resolved: “{0}” now has the version you chose.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CountyPage</name>
    <message>
        <location filename="../../relapp/ui/views/county.py" line="51"/>
        <source>County learning report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/county.py" line="61"/>
        <source>A shared folder, or s3://bucket/prefix</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/county.py" line="63"/>
        <source>Only to create it, e.g. Essex</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/county.py" line="64"/>
        <source>Shared storage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/county.py" line="65"/>
        <source>County name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/county.py" line="67"/>
        <source>Create the county</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/county.py" line="68"/>
        <source>Ask to join it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/county.py" line="83"/>
        <source>Quarter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/county.py" line="88"/>
        <source>Build the report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/county.py" line="90"/>
        <source>Save as HTML and CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/county.py" line="100"/>
        <source>Requests waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/county.py" line="101"/>
        <source>Approve the request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/county.py" line="160"/>
        <source>This profile is a system leader&apos;s: it belongs to no team and reads no family&apos;s record. Link it to the county&apos;s shared storage.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/county.py" line="167"/>
        <source>{0}: {1} teams publish their figures; {2} system leaders.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/county.py" line="174"/>
        <source>a system leader&apos;s laptop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/county.py" line="176"/>
        <source>a supervisor&apos;s laptop of team {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/county.py" line="192"/>
        <source>Give the shared storage first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/county.py" line="212"/>
        <source>Approved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/county.py" line="239"/>
        <source>No figures yet from: {0}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/county.py" line="243"/>
        <source>{0} files on the shared storage were set aside (damaged or not from an approved laptop).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/county.py" line="263"/>
        <source>Save the county report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/county.py" line="263"/>
        <source>HTML (*.html)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/county.py" line="273"/>
        <source>Saved {0} and {1} CSV tables beside it. They are not encrypted.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CreateTeamDialog</name>
    <message>
        <location filename="../../relapp/ui/team_dialogs.py" line="247"/>
        <source>Create a team</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/team_dialogs.py" line="259"/>
        <source>Create your team</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/team_dialogs.py" line="263"/>
        <source>Choose the shared folder your organisation gave the team (a network drive or a synced folder every member can reach) and a name people will recognise. Relapp makes a team folder inside it, with you as its first supervisor; you then approve each member&apos;s laptop from this page.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/team_dialogs.py" line="272"/>
        <source>Shared &amp;folder:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/team_dialogs.py" line="276"/>
        <source>Team name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/team_dialogs.py" line="277"/>
        <source>For example Early Help North</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/team_dialogs.py" line="279"/>
        <source>Team &amp;name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/team_dialogs.py" line="286"/>
        <source>Relapp also makes the organisation&apos;s recovery key. Its code is shown once, on the next step: have a printer or a safe place for the file ready.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/team_dialogs.py" line="296"/>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/team_dialogs.py" line="299"/>
        <source>&amp;Create team</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/team_dialogs.py" line="312"/>
        <location filename="../../relapp/ui/team_dialogs.py" line="388"/>
        <source>The organisation recovery code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/team_dialogs.py" line="316"/>
        <source>With this code your organisation can open every record the team syncs, for example when someone leaves or loses both their passphrase and their own recovery code. Relapp does not keep it anywhere and shows it only now. Print it or save it, and store it as your organisation&apos;s policy says (for example sealed, in the service manager&apos;s safe), never on this laptop.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/team_dialogs.py" line="327"/>
        <source>Save as &amp;PDF…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/team_dialogs.py" line="332"/>
        <location filename="../../relapp/ui/team_dialogs.py" line="334"/>
        <source>I have stored the organisation recovery code safely</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/team_dialogs.py" line="341"/>
        <source>&amp;Done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/team_dialogs.py" line="358"/>
        <source>Choose the team&apos;s shared folder first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/team_dialogs.py" line="362"/>
        <source>Give the team a name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/team_dialogs.py" line="366"/>
        <source>Creating the team in the shared folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/team_dialogs.py" line="397"/>
        <source>Save the organisation recovery code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/team_dialogs.py" line="406"/>
        <source>Relapp organisation recovery code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/team_dialogs.py" line="408"/>
        <source>To use it: run relapp recover-team --folder followed by the team&apos;s shared folder, and type this code when asked. It opens every record the team synced.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/team_dialogs.py" line="413"/>
        <source>Saved to {0}. Print it, then delete the file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/team_dialogs.py" line="420"/>
        <source>The code is shown only once: store it, then tick the box to close.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DatePeriod</name>
    <message>
        <location filename="../../relapp/ui/kit/dates.py" line="76"/>
        <source>{0}: from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/kit/dates.py" line="77"/>
        <source>{0}: to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/kit/dates.py" line="81"/>
        <source>to</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EnteredInErrorDialog</name>
    <message>
        <location filename="../../relapp/ui/removal.py" line="44"/>
        <source>Entered in error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/removal.py" line="45"/>
        <location filename="../../relapp/ui/removal.py" line="62"/>
        <source>Mark as entered in error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/removal.py" line="48"/>
        <source>Why it was entered in error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/removal.py" line="52"/>
        <source>A note about the mistake</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/removal.py" line="54"/>
        <source>For example: this was the Finch family&apos;s check-in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/removal.py" line="58"/>
        <source>&amp;Why</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/removal.py" line="59"/>
        <source>&amp;Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/removal.py" line="67"/>
        <source>Mark {0} as entered in error?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/removal.py" line="71"/>
        <source>It stays in the record&apos;s history, marked, and is left out of trends, alerts and reports on every laptop of the team. You can put it back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/removal.py" line="86"/>
        <source>Say in a few words why this was entered in error.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EraseFamilyDialog</name>
    <message>
        <location filename="../../relapp/ui/erase_dialog.py" line="84"/>
        <source>This family</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/erase_dialog.py" line="90"/>
        <location filename="../../relapp/ui/erase_dialog.py" line="91"/>
        <source>Erase family</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/erase_dialog.py" line="97"/>
        <source>Erase this family for good?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/erase_dialog.py" line="98"/>
        <source>Finding everything that belongs to this family…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/erase_dialog.py" line="99"/>
        <source>What will be erased</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/erase_dialog.py" line="102"/>
        <source>This cannot be undone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/erase_dialog.py" line="105"/>
        <source>A marker stays: the date, your role, the request reference and the reason — no names.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/erase_dialog.py" line="110"/>
        <source>This cannot be undone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/erase_dialog.py" line="115"/>
        <source>Barriers that lose their link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/erase_dialog.py" line="116"/>
        <source>Barriers that will lose their link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/erase_dialog.py" line="124"/>
        <source>Request reference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/erase_dialog.py" line="125"/>
        <source>e.g. SAR-2026-014</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/erase_dialog.py" line="128"/>
        <source>Reason (do not name anyone)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/erase_dialog.py" line="129"/>
        <source>e.g. Right to erasure, agreed with the DPO</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/erase_dialog.py" line="132"/>
        <source>Type {0} to confirm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/erase_dialog.py" line="134"/>
        <source>To confirm, &amp;type the family&apos;s reference, {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/erase_dialog.py" line="136"/>
        <source>To confirm, &amp;type the family&apos;s name, {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/erase_dialog.py" line="146"/>
        <source>Request &amp;reference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/erase_dialog.py" line="147"/>
        <source>Reason (do not &amp;name anyone)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/erase_dialog.py" line="152"/>
        <source>&amp;Erase family</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/erase_dialog.py" line="153"/>
        <source>Erase the family for good</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/erase_dialog.py" line="159"/>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/erase_dialog.py" line="203"/>
        <source>{0} ({1})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/erase_dialog.py" line="206"/>
        <source>{0} and everything that belongs to it will be erased: {1}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/erase_dialog.py" line="208"/>
        <source>{0} will be erased. Nothing else is recorded for it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/erase_dialog.py" line="219"/>
        <source>These barriers keep their words but lose their link to this family&apos;s visits. Their words may name the family: read them on the Barriers page afterwards and edit any that do.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/erase_dialog.py" line="225"/>
        <source>This barrier keeps its words but loses its link to this family&apos;s visits. Its words may name the family: read it on the Barriers page afterwards and edit it if it does.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/erase_dialog.py" line="235"/>
        <source>{0} (noticed {1})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/erase_dialog.py" line="243"/>
        <source>…and {0} more.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/erase_dialog.py" line="251"/>
        <source>1 visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/erase_dialog.py" line="251"/>
        <source>{0} visits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/erase_dialog.py" line="252"/>
        <source>1 check-in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/erase_dialog.py" line="252"/>
        <source>{0} check-ins</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/erase_dialog.py" line="254"/>
        <source>1 reflection (even if submitted)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/erase_dialog.py" line="255"/>
        <source>{0} reflections (submitted ones too)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/erase_dialog.py" line="257"/>
        <source>1 feedback note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/erase_dialog.py" line="257"/>
        <source>{0} feedback notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/erase_dialog.py" line="259"/>
        <source>the family&apos;s agreement record (every version)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/erase_dialog.py" line="260"/>
        <source>{0} agreement records (every version)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/erase_dialog.py" line="263"/>
        <source>1 piece of writing not sent yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/erase_dialog.py" line="264"/>
        <source>{0} pieces of writing not sent yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/erase_dialog.py" line="275"/>
        <source>1 other record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/erase_dialog.py" line="277"/>
        <source>{0} other records</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/erase_dialog.py" line="281"/>
        <source>{0} and {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/erase_dialog.py" line="284"/>
        <source>Relapp could not find what belongs to this family.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/erase_dialog.py" line="318"/>
        <source>Erasing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/erase_dialog.py" line="339"/>
        <source>The family was erased. 1 record removed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/erase_dialog.py" line="341"/>
        <source>The family was erased. {0} records removed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/erase_dialog.py" line="346"/>
        <source>1 barrier lost its link to the family: read it on the Barriers page.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/erase_dialog.py" line="350"/>
        <source>{0} barriers lost their link to the family: read them on the Barriers page.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Families</name>
    <message>
        <location filename="../../relapp/ui/views/family_dialog.py" line="44"/>
        <source>Role</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FamiliesPage</name>
    <message>
        <location filename="../../relapp/ui/views/families.py" line="107"/>
        <location filename="../../relapp/ui/views/families.py" line="183"/>
        <source>Families</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/families.py" line="111"/>
        <source>Search by name, reference or service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/families.py" line="112"/>
        <source>Search families</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/families.py" line="123"/>
        <source>S&amp;tatus:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/families.py" line="125"/>
        <source>Show families with status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/families.py" line="126"/>
        <source>Active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/families.py" line="127"/>
        <source>Closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/families.py" line="128"/>
        <source>All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/families.py" line="133"/>
        <source>Ser&amp;vice:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/families.py" line="135"/>
        <source>Show families in service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/families.py" line="136"/>
        <location filename="../../relapp/ui/views/families.py" line="279"/>
        <source>All services</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/families.py" line="142"/>
        <source>&amp;New family…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/families.py" line="143"/>
        <source>New family</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/families.py" line="144"/>
        <source>Add a family (Ctrl+N)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/families.py" line="151"/>
        <source>Reference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/families.py" line="153"/>
        <source>Family</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/families.py" line="155"/>
        <source> (closed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/families.py" line="159"/>
        <source>Service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/families.py" line="161"/>
        <source>Members</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/families.py" line="167"/>
        <source>Last visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/families.py" line="169"/>
        <source>Check-in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/families.py" line="292"/>
        <source>No families yet — press Ctrl+N to add one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/families.py" line="295"/>
        <source>No families match. Clear the search, or choose “All” under Status.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/families.py" line="298"/>
        <source>Showing {0} of {1} families</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/families.py" line="320"/>
        <source>Choose a family in the list first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/families.py" line="415"/>
        <source>Your erasure request was saved. It reaches your supervisors at the next sync; the family stays until one of them carries it out.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FamilyDialog</name>
    <message>
        <location filename="../../relapp/ui/views/family_dialog.py" line="71"/>
        <source>Edit family</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/family_dialog.py" line="71"/>
        <source>New family</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/family_dialog.py" line="77"/>
        <source>Reference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/family_dialog.py" line="78"/>
        <source>Your service&apos;s case reference, e.g. EH-26-0123</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/family_dialog.py" line="79"/>
        <source>&amp;Reference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/family_dialog.py" line="81"/>
        <source>Family name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/family_dialog.py" line="83"/>
        <source>How the family is shown, e.g. The Okafor family</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/family_dialog.py" line="85"/>
        <source>&amp;Family name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/family_dialog.py" line="90"/>
        <source>Service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/family_dialog.py" line="91"/>
        <source>Choose or type a service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/family_dialog.py" line="92"/>
        <source>&amp;Service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/family_dialog.py" line="96"/>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/family_dialog.py" line="97"/>
        <source>S&amp;tatus</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/family_dialog.py" line="101"/>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/family_dialog.py" line="101"/>
        <source>Role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/family_dialog.py" line="101"/>
        <source>Birth year</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/family_dialog.py" line="103"/>
        <source>Family members</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/family_dialog.py" line="118"/>
        <source>&amp;Add member</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/family_dialog.py" line="119"/>
        <source>Add a member</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/family_dialog.py" line="121"/>
        <source>Re&amp;move member</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/family_dialog.py" line="122"/>
        <source>Remove the selected member</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/family_dialog.py" line="132"/>
        <source>&amp;Members</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/family_dialog.py" line="135"/>
        <source>Notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/family_dialog.py" line="137"/>
        <source>Referral, language, anything a colleague should know</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/family_dialog.py" line="141"/>
        <source>N&amp;otes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/family_dialog.py" line="148"/>
        <source>&amp;Save family</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/family_dialog.py" line="149"/>
        <source>Save family</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/family_dialog.py" line="151"/>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/family_dialog.py" line="223"/>
        <source>Give the family a reference.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/family_dialog.py" line="226"/>
        <source>Give the family a name, e.g. The Okafor family.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/family_dialog.py" line="262"/>
        <source>Family saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/family_dialog.py" line="299"/>
        <source>Discard changes?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/family_dialog.py" line="300"/>
        <source>You have changed this family. Close without saving?</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FamilyView</name>
    <message>
        <location filename="../../relapp/ui/views/family_view.py" line="61"/>
        <source>← &amp;All families</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/family_view.py" line="63"/>
        <source>Back to all families</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/family_view.py" line="64"/>
        <source>Back to the list (Esc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/family_view.py" line="72"/>
        <location filename="../../relapp/ui/views/family_view.py" line="244"/>
        <source>Opening the family…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/family_view.py" line="74"/>
        <source>Reference, service and status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/family_view.py" line="78"/>
        <source>&amp;Edit family…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/family_view.py" line="79"/>
        <source>Edit family</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/family_view.py" line="81"/>
        <source>New &amp;visit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/family_view.py" line="82"/>
        <source>Record a new visit with this family</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/family_view.py" line="86"/>
        <source>Subject &amp;access…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/family_view.py" line="87"/>
        <source>Subject access export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/family_view.py" line="90"/>
        <source>Export everything Relapp holds about this family, for a subject access request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/family_view.py" line="100"/>
        <source>Erase family…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/family_view.py" line="101"/>
        <source>Erase family</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/family_view.py" line="103"/>
        <source>Erase this family and everything that belongs to it, for good</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/family_view.py" line="112"/>
        <source>Ask for &amp;erasure…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/family_view.py" line="113"/>
        <source>Ask supervisors to erase this family</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/family_view.py" line="115"/>
        <source>Ask your supervisors to erase this family, with the request&apos;s reference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/family_view.py" line="123"/>
        <source>Notes about the family</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/family_view.py" line="127"/>
        <source>Members</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/family_view.py" line="130"/>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/family_view.py" line="131"/>
        <source>Role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/family_view.py" line="132"/>
        <source>Born</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/family_view.py" line="136"/>
        <source>Family members</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/family_view.py" line="145"/>
        <source>No members listed — use Edit family… to add them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/family_view.py" line="151"/>
        <source>Open items</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/family_view.py" line="152"/>
        <source>Open items for this family</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/family_view.py" line="157"/>
        <source>Visits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/family_view.py" line="161"/>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/family_view.py" line="162"/>
        <source>Mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/family_view.py" line="163"/>
        <source>Reflection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/family_view.py" line="164"/>
        <source>Check-ins</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/family_view.py" line="166"/>
        <source>Purpose</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/family_view.py" line="172"/>
        <source>Visit timeline, newest first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/family_view.py" line="177"/>
        <source>Double-click or press Enter to open a visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/family_view.py" line="179"/>
        <source>No visits yet — use New visit… to record one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/family_view.py" line="190"/>
        <source>Check-in trends</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/family_view.py" line="192"/>
        <source>No check-ins yet. Check-ins recorded on a visit show here as trends.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/family_view.py" line="222"/>
        <source>Family page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/family_view.py" line="305"/>
        <source>Visits ({0})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/family_view.py" line="323"/>
        <source>Nothing open for this family.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/family_view.py" line="327"/>
        <source>Draft reflection: {0} — last edited {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/family_view.py" line="330"/>
        <source>Continue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/family_view.py" line="332"/>
        <source>Returned by your supervisor: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/family_view.py" line="333"/>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/family_view.py" line="337"/>
        <source>Check-in due: the last one was on {0}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/family_view.py" line="339"/>
        <source>Check-in due: none recorded yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/family_view.py" line="341"/>
        <source>Start check-in</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FirstRunView</name>
    <message>
        <location filename="../../relapp/ui/gate.py" line="248"/>
        <source>Welcome to Relapp</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/gate.py" line="252"/>
        <source>Relapp keeps your visits, reflections and relationship check-ins on this laptop, encrypted with a passphrase only you know. It works offline and shares with your supervisor when the team folder can be reached.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/gate.py" line="258"/>
        <source>Create my profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/gate.py" line="277"/>
        <source>Create your profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/gate.py" line="281"/>
        <location filename="../../relapp/ui/gate.py" line="296"/>
        <source>Your name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/gate.py" line="283"/>
        <location filename="../../relapp/ui/gate.py" line="297"/>
        <source>Your role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/gate.py" line="284"/>
        <source>Practitioner</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/gate.py" line="285"/>
        <source>Supervisor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/gate.py" line="288"/>
        <source>System leader (the county&apos;s learning, no families)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/gate.py" line="290"/>
        <location filename="../../relapp/ui/gate.py" line="298"/>
        <source>Passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/gate.py" line="291"/>
        <source>Passphrase again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/gate.py" line="294"/>
        <source>Passphrase strength</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/gate.py" line="300"/>
        <source>Again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/gate.py" line="305"/>
        <source>Choose three or four unrelated words. Nobody, including your IT team, can reset it for you: the recovery code on the next page is the only way back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/gate.py" line="315"/>
        <location filename="../../relapp/ui/gate.py" line="356"/>
        <source>Create profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/gate.py" line="327"/>
        <source>At least 12 characters; a few unrelated words work well.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/gate.py" line="335"/>
        <source>Please give your name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/gate.py" line="338"/>
        <source>The two passphrases are not the same.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/gate.py" line="346"/>
        <source>Creating…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/gate.py" line="364"/>
        <location filename="../../relapp/ui/gate.py" line="372"/>
        <source>Your recovery code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/gate.py" line="376"/>
        <source>If you forget your passphrase, this code is the only way to open your records. It is shown once. Print it or save it, and keep it away from this laptop, as your team agreed (for example in a sealed envelope with your manager).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/gate.py" line="386"/>
        <source>Save as PDF…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/gate.py" line="391"/>
        <location filename="../../relapp/ui/gate.py" line="392"/>
        <source>I have stored my recovery code somewhere safe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/gate.py" line="398"/>
        <source>Continue to Relapp</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/gate.py" line="411"/>
        <source>Save recovery code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/gate.py" line="417"/>
        <source>Relapp recovery code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/gate.py" line="419"/>
        <source>Saved to {0}. Print it, then delete the file.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FolderField</name>
    <message>
        <location filename="../../relapp/ui/team_dialogs.py" line="45"/>
        <source>For example S:\Early Help\Relapp, or s3://bucket/relapp for object storage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/team_dialogs.py" line="48"/>
        <source>&amp;Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/team_dialogs.py" line="49"/>
        <source>Choose the shared folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/team_dialogs.py" line="59"/>
        <source>Choose the team&apos;s shared folder</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HandoverForm</name>
    <message>
        <location filename="../../relapp/ui/handover.py" line="89"/>
        <source>A few questions for you</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/handover.py" line="95"/>
        <source>Your worker would like to hear how things are from your side. There are no right or wrong answers. For each sentence, choose how true it is for you.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/handover.py" line="108"/>
        <source>Question {0} of {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/handover.py" line="116"/>
        <source>Is there anything else you would like to say? (You can leave this empty.)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/handover.py" line="120"/>
        <source>Anything else you would like to say</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/handover.py" line="129"/>
        <source>Hand back without saving</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/handover.py" line="130"/>
        <source>Hand the laptop back without saving</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/handover.py" line="132"/>
        <source>Done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/handover.py" line="133"/>
        <source>Done: save my answers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/handover.py" line="159"/>
        <source>Questions for a parent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/handover.py" line="186"/>
        <source>Before you start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/handover.py" line="193"/>
        <source>While we work with your family, and then for {0} years. Then they are deleted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/handover.py" line="197"/>
        <source>While we work with your family, and then for as long as the council&apos;s rules say. Then they are deleted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/handover.py" line="203"/>
        <source>Who will see your answers?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/handover.py" line="205"/>
        <source>Your worker and the managers in their team. The council may also count answers from many families together, with no names.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/handover.py" line="210"/>
        <source>Why do we ask?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/handover.py" line="211"/>
        <source>To hear how things are for you, and to help us work well with you.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/handover.py" line="213"/>
        <source>How long do we keep them?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/handover.py" line="215"/>
        <source>Do you have to answer?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/handover.py" line="216"/>
        <source>No. You can stop and give the laptop back at any time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/handover.py" line="233"/>
        <source>Give the laptop back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/handover.py" line="234"/>
        <source>Give the laptop back without answering</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/handover.py" line="236"/>
        <source>Continue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/handover.py" line="238"/>
        <source>Continue to the questions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/handover.py" line="255"/>
        <source>What happens to your answers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/handover.py" line="330"/>
        <source>Please choose an answer for every question ({0} still to answer), or hand the laptop back without saving.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/handover.py" line="360"/>
        <source>Saving your answers…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/handover.py" line="376"/>
        <source>Your answers could not be saved. Please hand the laptop back to your worker.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/handover.py" line="384"/>
        <source>Hand back without saving?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/handover.py" line="385"/>
        <source>Your answers will not be kept. Give the laptop back to your worker.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/handover.py" line="386"/>
        <source>Hand back</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HelpDialog</name>
    <message>
        <location filename="../../relapp/ui/help.py" line="23"/>
        <location filename="../../relapp/ui/help.py" line="24"/>
        <source>Help and shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/help.py" line="27"/>
        <source>Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/help.py" line="33"/>
        <source>Close help</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>JoinTeamDialog</name>
    <message>
        <location filename="../../relapp/ui/team_dialogs.py" line="114"/>
        <source>Join a team</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/team_dialogs.py" line="125"/>
        <source>Join your team</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/team_dialogs.py" line="129"/>
        <source>Choose the shared folder your supervisor set up for the team (a network drive or a synced folder). You can choose the folder that holds the team, or the team&apos;s own folder inside it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/team_dialogs.py" line="137"/>
        <source>Shared &amp;folder:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/team_dialogs.py" line="141"/>
        <source>What happens next</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/team_dialogs.py" line="145"/>
        <source>Relapp writes a join request into the folder: your name (readable only by the team&apos;s supervisors), your role and this laptop&apos;s public keys. Nothing from your records is shared until a supervisor approves this laptop.

After that, your families, visits, submitted reflections and check-ins go to you and your supervisors, and barriers and change tests to the whole team. Drafts stay on your own laptops. Everything is encrypted on this laptop before it is written to the folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/team_dialogs.py" line="159"/>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/team_dialogs.py" line="162"/>
        <source>&amp;Ask to join</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/team_dialogs.py" line="163"/>
        <source>Ask to join the team</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/team_dialogs.py" line="176"/>
        <source>Asked to join</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/team_dialogs.py" line="189"/>
        <source>Keep working as usual. Relapp tries again every two minutes; once you are approved, your records start to sync on their own.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/team_dialogs.py" line="197"/>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/team_dialogs.py" line="207"/>
        <source>Choose the team&apos;s shared folder first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/team_dialogs.py" line="211"/>
        <source>Writing your request to the shared folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/team_dialogs.py" line="229"/>
        <source>Asked to join; a supervisor must approve this laptop. Your request id is {0}. Tell your supervisor this id so they can check it is really you.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/team_dialogs.py" line="234"/>
        <source>Your request id: {0}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../relapp/ui/mainwindow.py" line="103"/>
        <source>Relapp</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/mainwindow.py" line="117"/>
        <source>Save state</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/mainwindow.py" line="119"/>
        <source>Sync state</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/mainwindow.py" line="120"/>
        <source>Lock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/mainwindow.py" line="121"/>
        <source>Lock Relapp</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/mainwindow.py" line="122"/>
        <source>Lock now (Ctrl+L)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/mainwindow.py" line="125"/>
        <source>&amp;Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/mainwindow.py" line="126"/>
        <source>Undo the last removal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/mainwindow.py" line="154"/>
        <source>&amp;Relapp</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/mainwindow.py" line="155"/>
        <source>&amp;New…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/mainwindow.py" line="157"/>
        <source>&amp;Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/mainwindow.py" line="159"/>
        <source>&amp;Search…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/mainwindow.py" line="163"/>
        <source>&amp;Remove…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/mainwindow.py" line="166"/>
        <source>Move the chosen record to the trash, or mark it as entered in error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/mainwindow.py" line="169"/>
        <source>T&amp;rash…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/mainwindow.py" line="171"/>
        <source>Se&amp;ttings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/mainwindow.py" line="173"/>
        <source>&amp;Lock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/mainwindow.py" line="176"/>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/mainwindow.py" line="182"/>
        <source>&amp;Go</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/mainwindow.py" line="184"/>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/mainwindow.py" line="186"/>
        <source>&amp;Help and shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/mainwindow.py" line="228"/>
        <source>Visits, check-ins, families and draft reflections can be removed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/mainwindow.py" line="315"/>
        <source>Getting ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/mainwindow.py" line="318"/>
        <source>Progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/mainwindow.py" line="357"/>
        <source>Unlocked as {0}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MyFeedbackTab</name>
    <message>
        <location filename="../../relapp/ui/supervision/my_feedback.py" line="91"/>
        <source>No feedback yet. When your supervisor comments on a reflection you submitted, it shows here after the next sync, and on your Today page.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/my_feedback.py" line="129"/>
        <source>Reflections with feedback</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/my_feedback.py" line="150"/>
        <source>&amp;Open reflection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/my_feedback.py" line="151"/>
        <source>Open the reflection on the Reflections page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/my_feedback.py" line="152"/>
        <source>Read it in full, or amend it to answer a question</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/my_feedback.py" line="166"/>
        <source>Conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/my_feedback.py" line="168"/>
        <source>No feedback on this reflection yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/my_feedback.py" line="171"/>
        <source>Your reflection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/my_feedback.py" line="185"/>
        <source>Your &amp;reply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/my_feedback.py" line="192"/>
        <source>Answer the latest instead</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/my_feedback.py" line="193"/>
        <source>Answer the latest comment instead</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/my_feedback.py" line="199"/>
        <source>Your reply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/my_feedback.py" line="200"/>
        <source>Answer your supervisor&apos;s comment or question</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/my_feedback.py" line="205"/>
        <source>&amp;Send reply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/my_feedback.py" line="206"/>
        <source>Send reply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/my_feedback.py" line="271"/>
        <source>The {0} most recent of {1} reflections with feedback. A reflection&apos;s latest feedback also shows when you open it on the Reflections page.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/my_feedback.py" line="279"/>
        <source>Your feedback could not be loaded: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/my_feedback.py" line="330"/>
        <source>submitted {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/my_feedback.py" line="335"/>
        <source>Your supervisor returned this reflection with a question</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/my_feedback.py" line="337"/>
        <source>{0}, {1}. Answer below, or open the reflection to amend it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/my_feedback.py" line="357"/>
        <source>That feedback could not be opened: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/my_feedback.py" line="377"/>
        <source>your own comment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/my_feedback.py" line="378"/>
        <source>to {0}, {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/my_feedback.py" line="393"/>
        <source>Write your reply first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/my_feedback.py" line="406"/>
        <source>Reply sent. Your supervisor sees it after the next sync.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/my_feedback.py" line="407"/>
        <source>Reply saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/my_feedback.py" line="418"/>
        <source>Your reply was not saved: {0} Your words are still here.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NewCheckinDialog</name>
    <message>
        <location filename="../../relapp/ui/views/new_checkin_dialog.py" line="38"/>
        <location filename="../../relapp/ui/views/new_checkin_dialog.py" line="43"/>
        <source>New check-in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/new_checkin_dialog.py" line="46"/>
        <source>Family</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/new_checkin_dialog.py" line="48"/>
        <source>{0} (closed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/new_checkin_dialog.py" line="57"/>
        <source>Myself (self-check)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/new_checkin_dialog.py" line="63"/>
        <source>Check-in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/new_checkin_dialog.py" line="69"/>
        <source>Who is answering</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/new_checkin_dialog.py" line="73"/>
        <source>&amp;Family</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/new_checkin_dialog.py" line="74"/>
        <source>&amp;Check-in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/new_checkin_dialog.py" line="75"/>
        <source>&amp;Who is answering</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/new_checkin_dialog.py" line="86"/>
        <source>Start</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PeoplePresent</name>
    <message>
        <location filename="../../relapp/ui/people_present.py" line="25"/>
        <source>People present</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/people_present.py" line="27"/>
        <source>Family members; press Space to tick the ones who were there</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/people_present.py" line="31"/>
        <source>This family has no members listed yet: add them with Edit family…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/people_present.py" line="35"/>
        <source>Others present, separated by commas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/people_present.py" line="36"/>
        <source>Others present</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Problems</name>
    <message>
        <location filename="../../relapp/ui/kit/dialogs.py" line="92"/>
        <source>{0} {1}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/kit/dialogs.py" line="93"/>
        <source>Please check {0}: it {1}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/kit/dialogs.py" line="98"/>
        <source>Something went wrong; please try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/kit/dialogs.py" line="117"/>
        <source>That could not be saved. Your text is still here; try again.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QCoreApplication</name>
    <message>
        <location filename="../../relapp/ui/barrier_labels.py" line="29"/>
        <source>BarriersPage</source>
        <comment>Open</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/barrier_labels.py" line="44"/>
        <source>BarriersPage</source>
        <comment>Low</comment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QuickBarrierForm</name>
    <message>
        <location filename="../../relapp/ui/views/barriers/quick_form.py" line="48"/>
        <source>Something in the system got in the way</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/quick_form.py" line="50"/>
        <source>What kind of barrier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/quick_form.py" line="54"/>
        <source>What got in the way, in one sentence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/quick_form.py" line="56"/>
        <source>For example: no interpreter could be booked in time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/quick_form.py" line="63"/>
        <source>&amp;Low</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/quick_form.py" line="64"/>
        <source>&amp;Medium</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/quick_form.py" line="65"/>
        <source>Hi&amp;gh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/quick_form.py" line="68"/>
        <source>Impact: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/quick_form.py" line="75"/>
        <source>&amp;Save barrier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/quick_form.py" line="76"/>
        <source>Save barrier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/quick_form.py" line="79"/>
        <location filename="../../relapp/ui/views/barriers/quick_form.py" line="80"/>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/quick_form.py" line="90"/>
        <source>&amp;Kind of barrier:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/quick_form.py" line="92"/>
        <source>&amp;What got in the way?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/quick_form.py" line="93"/>
        <source>How much did it matter?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/quick_form.py" line="112"/>
        <source>Barriers are shared with your team without family names, so that together you can see what gets in the way and try small changes. You can add more detail later on the Barriers tab.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/quick_form.py" line="144"/>
        <source>From a visit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/quick_form.py" line="157"/>
        <source>It will be linked to the visit: {0}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/quick_form.py" line="159"/>
        <source>The visit could not be found; the barrier will be saved on its own.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/quick_form.py" line="181"/>
        <source>The kind of barrier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/quick_form.py" line="182"/>
        <source>What got in the way</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/quick_form.py" line="185"/>
        <source>Choose the kind of barrier.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/quick_form.py" line="189"/>
        <source>Say in a sentence what got in the way.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/quick_form.py" line="201"/>
        <source>Barrier saved and linked to the visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/quick_form.py" line="215"/>
        <source>Discard this barrier?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/barriers/quick_form.py" line="215"/>
        <source>What you wrote will not be saved.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RecordEditor</name>
    <message>
        <location filename="../../relapp/ui/kit/editor.py" line="80"/>
        <source>Saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/kit/editor.py" line="146"/>
        <source>This is what you were typing before; it is not saved yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/kit/editor.py" line="177"/>
        <source>Saved.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReflectionBar</name>
    <message>
        <location filename="../../relapp/ui/reflection_parts.py" line="205"/>
        <source>← &amp;Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/reflection_parts.py" line="206"/>
        <source>Back to the list of reflections</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/reflection_parts.py" line="207"/>
        <source>Back to the list (Esc). Your text is saved first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/reflection_parts.py" line="209"/>
        <source>New reflection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/reflection_parts.py" line="212"/>
        <source>Save state</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/reflection_parts.py" line="217"/>
        <source>&amp;History…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/reflection_parts.py" line="218"/>
        <source>Version history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/reflection_parts.py" line="220"/>
        <source>S&amp;ubmit for supervision…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/reflection_parts.py" line="221"/>
        <source>Submit for supervision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/reflection_parts.py" line="223"/>
        <source>&amp;Amend…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/reflection_parts.py" line="224"/>
        <source>Amend: start a new version</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReflectionDetails</name>
    <message>
        <location filename="../../relapp/ui/reflection_details.py" line="30"/>
        <source>Template</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/reflection_details.py" line="40"/>
        <source>&amp;Template</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/reflection_details.py" line="42"/>
        <source>Family</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/reflection_details.py" line="43"/>
        <source>No family (a general reflection)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/reflection_details.py" line="46"/>
        <source>&amp;Family</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/reflection_details.py" line="48"/>
        <source>Visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/reflection_details.py" line="49"/>
        <source>&amp;Visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/reflection_details.py" line="52"/>
        <source>Title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/reflection_details.py" line="53"/>
        <source>Optional: a few words to find it again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/reflection_details.py" line="54"/>
        <source>T&amp;itle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/reflection_details.py" line="60"/>
        <source>Not about one visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/reflection_details.py" line="77"/>
        <source>Clear the text to change the template.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReflectionEditor</name>
    <message>
        <location filename="../../relapp/ui/reflection_editor.py" line="303"/>
        <source>New reflection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/reflection_editor.py" line="501"/>
        <source>Submit for supervision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/reflection_editor.py" line="321"/>
        <source>Saved automatically as you type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/reflection_editor.py" line="323"/>
        <location filename="../../relapp/ui/reflection_editor.py" line="432"/>
        <location filename="../../relapp/ui/reflection_editor.py" line="569"/>
        <source>Saved {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/reflection_editor.py" line="325"/>
        <source>Read-only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/reflection_status.py" line="58"/>
        <source>Submitted on {0} — read-only. Use Amend to add a new version.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/reflection_status.py" line="62"/>
        <source>Submitted — read-only. Use Amend to add a new version.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/reflection_status.py" line="67"/>
        <source>Your supervisor has reviewed it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/reflection_status.py" line="70"/>
        <source>Your supervisor would like to talk it through.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/reflection_status.py" line="73"/>
        <source>Your supervisor returned it with a question (below).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/reflection_status.py" line="77"/>
        <source>Waiting for your supervisor.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/reflection_status.py" line="82"/>
        <source>Amending: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/reflection_status.py" line="85"/>
        <source>This is a new version; the one you submitted stays in the history. Submit again when you are ready.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/reflection_status.py" line="102"/>
        <source>Question from your supervisor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/reflection_status.py" line="104"/>
        <source>Feedback from your supervisor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/reflection_status.py" line="107"/>
        <source>Sent {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/reflection_editor.py" line="359"/>
        <source>Not saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/reflection_editor.py" line="360"/>
        <source>Editing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/reflection_editor.py" line="412"/>
        <source>Saving…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/reflection_editor.py" line="433"/>
        <source>Reflection saved at {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/reflection_status.py" line="124"/>
        <source>it was changed in another window or on another device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/reflection_status.py" line="127"/>
        <location filename="../../relapp/ui/reflection_status.py" line="137"/>
        <source>&amp;Keep my text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/reflection_status.py" line="128"/>
        <source>Save your text as the newest version; the other stays in the history.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/reflection_status.py" line="136"/>
        <source>it has been submitted meanwhile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/reflection_status.py" line="138"/>
        <source>Save your text as a new draft reflection.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/reflection_status.py" line="145"/>
        <source>&amp;Try again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/reflection_editor.py" line="444"/>
        <location filename="../../relapp/ui/reflection_editor.py" line="466"/>
        <location filename="../../relapp/ui/reflection_editor.py" line="580"/>
        <source>Not saved: {0} — your text is still here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/reflection_editor.py" line="495"/>
        <source>Write at least one part before submitting this reflection.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/reflection_editor.py" line="502"/>
        <source>Submit this reflection to your supervisor?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/reflection_editor.py" line="504"/>
        <source>Once submitted it becomes read-only, so it stays as your supervisor read it. If you want to change something later, use Amend: that adds a new version and keeps this one in the history.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/reflection_editor.py" line="508"/>
        <source>Submit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/reflection_editor.py" line="536"/>
        <source>Submitting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/reflection_editor.py" line="557"/>
        <source>Starting a new version…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/reflection_editor.py" line="567"/>
        <source>Submitted {0}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReflectionText</name>
    <message>
        <location filename="../../relapp/ui/supervision/feedback_widgets.py" line="122"/>
        <source>Template: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/feedback_widgets.py" line="124"/>
        <source>Themes: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/feedback_widgets.py" line="128"/>
        <source>Amended: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/feedback_widgets.py" line="131"/>
        <source>This reflection has no text.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Reflections</name>
    <message>
        <location filename="../../relapp/ui/reflection_parts.py" line="34"/>
        <source>Draft</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/reflection_parts.py" line="35"/>
        <source>Submitted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/reflection_parts.py" line="36"/>
        <source>Reviewed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/reflection_parts.py" line="37"/>
        <source>To discuss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/reflection_parts.py" line="38"/>
        <source>Returned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/reflection_dialogs.py" line="88"/>
        <source>added</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/reflection_dialogs.py" line="89"/>
        <source>removed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/reflection_dialogs.py" line="99"/>
        <source>Title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/reflection_dialogs.py" line="100"/>
        <source>Themes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/reflection_dialogs.py" line="105"/>
        <source>No changes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/reflection_dialogs.py" line="107"/>
        <source>Empty in both versions.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReflectionsPage</name>
    <message>
        <location filename="../../relapp/ui/views/reflections.py" line="108"/>
        <location filename="../../relapp/ui/views/reflections.py" line="189"/>
        <source>Reflections</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/reflections.py" line="109"/>
        <source>&amp;New reflection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/reflections.py" line="110"/>
        <source>New reflection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/reflections.py" line="111"/>
        <source>Write a new reflection (Ctrl+N)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/reflections.py" line="117"/>
        <source>&amp;Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/reflections.py" line="119"/>
        <source>Show reflections with status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/reflections.py" line="120"/>
        <source>All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/reflections.py" line="128"/>
        <source>&amp;Find</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/reflections.py" line="131"/>
        <source>Filter reflections by words</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/reflections.py" line="132"/>
        <source>Words in the title, family or text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/reflections.py" line="154"/>
        <source>Reflection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/reflections.py" line="155"/>
        <source>Family</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/reflections.py" line="157"/>
        <source>Visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/reflections.py" line="160"/>
        <source>Not about one visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/reflections.py" line="164"/>
        <source>Template</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/reflections.py" line="166"/>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/reflections.py" line="167"/>
        <source>Unreadable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/reflections.py" line="171"/>
        <source>Last changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/reflections.py" line="217"/>
        <source>Could not be opened (damaged)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/reflections.py" line="218"/>
        <source>(empty draft)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/reflections.py" line="303"/>
        <source>All ({0})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/reflections.py" line="307"/>
        <source>{0} ({1})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/reflections.py" line="321"/>
        <source>The reflections could not be loaded: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/reflections.py" line="346"/>
        <source>No reflections yet — press Ctrl+N to write one after a visit. It saves as you type, and you submit it for supervision when you are ready.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/reflections.py" line="351"/>
        <source>No titles, families or themes match. Search is not available right now, so the reflections&apos; text cannot be looked through; lock and unlock to try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/reflections.py" line="355"/>
        <source>No reflections match this filter. Clear the filter to see them all.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/reflections.py" line="375"/>
        <source>Choose a draft reflection in the list first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/reflections.py" line="445"/>
        <source>This reflection could not be opened: {0}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReportsTab</name>
    <message>
        <location filename="../../relapp/ui/supervision/reports.py" line="83"/>
        <source>Supervision pack</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/reports.py" line="88"/>
        <source>One practitioner&apos;s reflections with your feedback, the check-in trends of their families and the actions you agreed, for a period — printed on A4 to take to supervision. It names families: keep it safe.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/reports.py" line="97"/>
        <source>Practitioner</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/reports.py" line="99"/>
        <source>Pack period</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/reports.py" line="100"/>
        <source>&amp;Practitioner:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/reports.py" line="101"/>
        <source>P&amp;eriod:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/reports.py" line="103"/>
        <source>Save pack as P&amp;DF…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/reports.py" line="104"/>
        <source>Save the supervision pack as PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/reports.py" line="110"/>
        <source>Learning report for system leaders</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/reports.py" line="146"/>
        <source>Change tests in the period. Tick one to include its reviewed excerpt (title, measure and outcome) — only after reading it: it must name no family or colleague.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/reports.py" line="154"/>
        <source>Include reviewed excerpt of change tests</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/reports.py" line="158"/>
        <source>Save as PD&amp;F…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/reports.py" line="159"/>
        <source>Save the learning report as PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/reports.py" line="161"/>
        <source>Save as &amp;HTML…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/reports.py" line="162"/>
        <source>Save the learning report as HTML</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/reports.py" line="170"/>
        <source>CSV for the team&apos;s analysts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/reports.py" line="115"/>
        <source>Barrier categories by month and service, outcomes of change tests and check-in averages by month — counts only: no names, reference codes or notes. Any count below 5 reads “fewer than 5” and cannot be worked out from the totals. A report covers one calendar quarter that has ended, so that no two reports can be subtracted to reveal a small number. CSV tables are saved beside the report.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/reports.py" line="127"/>
        <source>Show the figures by month or quarter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/reports.py" line="128"/>
        <source>Month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/reports.py" line="129"/>
        <source>Quarter (one column)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/reports.py" line="131"/>
        <source>Learning report quarter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/reports.py" line="134"/>
        <source>&amp;Quarter:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/reports.py" line="136"/>
        <source>Figures &amp;by:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/reports.py" line="141"/>
        <source>Advice on how to group the figures</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/reports.py" line="175"/>
        <source>One row per check-in, barrier or change test. Families appear by a key that stays the same in every export of the team, not by name or reference code; written text is left out. The first line of each file names its columns.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/reports.py" line="185"/>
        <source>What to export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/reports.py" line="188"/>
        <source>Save &amp;CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/reports.py" line="189"/>
        <location filename="../../relapp/ui/supervision/reports.py" line="427"/>
        <source>Save the CSV export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/reports.py" line="191"/>
        <source>E&amp;xport:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/reports.py" line="197"/>
        <source>Add the case system&apos;s reference &amp;codes (they identify families)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/reports.py" line="200"/>
        <source>Add family reference codes to the check-ins export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/reports.py" line="208"/>
        <source>Report progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/reports.py" line="212"/>
        <source>&amp;Open the file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/reports.py" line="213"/>
        <source>Open the saved file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/reports.py" line="290"/>
        <source> (no longer in the team)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/reports.py" line="298"/>
        <source>No practitioners yet: when practitioners join your team and sync, you can make their supervision packs here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/reports.py" line="304"/>
        <source>Some names could not be read ({0}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/reports.py" line="359"/>
        <source>started {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/reports.py" line="361"/>
        <source>not started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/reports.py" line="363"/>
        <source>{0} — {1} · {2}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/reports.py" line="365"/>
        <source> (no measure or outcome written)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/reports.py" line="373"/>
        <source>No change tests ran in this period.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/reports.py" line="405"/>
        <source>Save the supervision pack</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/reports.py" line="405"/>
        <location filename="../../relapp/ui/supervision/reports.py" line="416"/>
        <source>PDF files (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/reports.py" line="416"/>
        <source>Web pages (*.html)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/reports.py" line="417"/>
        <source>Save the learning report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/reports.py" line="427"/>
        <source>CSV files (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/reports.py" line="435"/>
        <source>Choose the practitioner the pack is about.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/reports.py" line="439"/>
        <source>The period ends before it starts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/reports.py" line="454"/>
        <source>Making the supervision pack…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/reports.py" line="459"/>
        <source>Choose the quarter the report covers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/reports.py" line="488"/>
        <source>Making the learning report…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/reports.py" line="505"/>
        <source>Writing the CSV file…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RetentionDialog</name>
    <message>
        <location filename="../../relapp/ui/retention_dialog.py" line="83"/>
        <location filename="../../relapp/ui/retention_dialog.py" line="84"/>
        <location filename="../../relapp/ui/retention_dialog.py" line="101"/>
        <source>Retention and legal holds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/retention_dialog.py" line="102"/>
        <source>Reading the team&apos;s rules…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/retention_dialog.py" line="103"/>
        <source>The team&apos;s retention rules</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/retention_dialog.py" line="113"/>
        <location filename="../../relapp/ui/retention_dialog.py" line="123"/>
        <location filename="../../relapp/ui/retention_dialog.py" line="128"/>
        <source>never</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/retention_dialog.py" line="114"/>
        <location filename="../../relapp/ui/retention_dialog.py" line="117"/>
        <source> years after closing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/retention_dialog.py" line="117"/>
        <source> year after closing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/retention_dialog.py" line="120"/>
        <source>Erase closed families after, in years</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/retention_dialog.py" line="124"/>
        <location filename="../../relapp/ui/retention_dialog.py" line="129"/>
        <source> days untouched</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/retention_dialog.py" line="125"/>
        <source>Discard unfinished drafts after, in days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/retention_dialog.py" line="130"/>
        <source>Discard words not sent after, in days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/retention_dialog.py" line="132"/>
        <source>Erase closed &amp;families:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/retention_dialog.py" line="133"/>
        <source>Discard unfinished &amp;drafts:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/retention_dialog.py" line="134"/>
        <source>Discard words not &amp;sent:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/retention_dialog.py" line="139"/>
        <source>Save &amp;rules</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/retention_dialog.py" line="140"/>
        <source>Save the team&apos;s retention rules</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/retention_dialog.py" line="145"/>
        <location filename="../../relapp/ui/retention_dialog.py" line="321"/>
        <source>Coming up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/retention_dialog.py" line="147"/>
        <source>What the rules will erase, and when</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/retention_dialog.py" line="151"/>
        <source>Family</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/retention_dialog.py" line="152"/>
        <source>Erased on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/retention_dialog.py" line="153"/>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/retention_dialog.py" line="157"/>
        <source>Families the rule will erase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/retention_dialog.py" line="163"/>
        <source>Place legal &amp;hold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/retention_dialog.py" line="164"/>
        <source>Place a legal hold on the selected family</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/retention_dialog.py" line="166"/>
        <source>&amp;Lift legal hold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/retention_dialog.py" line="167"/>
        <source>Lift the legal hold on the selected family</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/retention_dialog.py" line="169"/>
        <source>Run the rules &amp;now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/retention_dialog.py" line="170"/>
        <source>Carry out the retention rules now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/retention_dialog.py" line="177"/>
        <source>Your drafts the rules will discard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/retention_dialog.py" line="180"/>
        <location filename="../../relapp/ui/retention_dialog.py" line="202"/>
        <source>Log of runs and erasures</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/retention_dialog.py" line="184"/>
        <source>What the rules and erasure requests did on this laptop, and the legal holds: record ids and reasons only, never names or words.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/retention_dialog.py" line="192"/>
        <source>When</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/retention_dialog.py" line="193"/>
        <source>What</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/retention_dialog.py" line="194"/>
        <source>Request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/retention_dialog.py" line="195"/>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/retention_dialog.py" line="197"/>
        <source>Records</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/retention_dialog.py" line="206"/>
        <source>E&amp;xport log…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/retention_dialog.py" line="207"/>
        <source>Export the log as a CSV file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/retention_dialog.py" line="222"/>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/retention_dialog.py" line="231"/>
        <source>Retention rule run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/retention_dialog.py" line="232"/>
        <source>Drafts and unsent words discarded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/retention_dialog.py" line="233"/>
        <source>Erased at a request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/retention_dialog.py" line="234"/>
        <source>Erasure received</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/retention_dialog.py" line="235"/>
        <source>Legal hold placed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/retention_dialog.py" line="236"/>
        <source>Legal hold lifted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/retention_dialog.py" line="282"/>
        <source>Families closed more than a year ago are erased.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/retention_dialog.py" line="284"/>
        <source>Families closed more than {0} years ago are erased.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/retention_dialog.py" line="286"/>
        <source>Closed families are kept: the team has no rule for them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/retention_dialog.py" line="290"/>
        <source>Unfinished drafts untouched for {0} days are discarded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/retention_dialog.py" line="296"/>
        <source>Words typed but not sent are discarded after {0} days.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/retention_dialog.py" line="302"/>
        <source>A supervisor sets the rules for the whole team; nothing is erased before it has been listed here as coming up.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/retention_dialog.py" line="316"/>
        <source>Due now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/retention_dialog.py" line="328"/>
        <source>not due</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/retention_dialog.py" line="329"/>
        <source>On legal hold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/retention_dialog.py" line="334"/>
        <source>No family is erased by a rule.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/retention_dialog.py" line="337"/>
        <source>No family is due to be erased in the next {0} days.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/retention_dialog.py" line="343"/>
        <location filename="../../relapp/ui/retention_dialog.py" line="361"/>
        <source>today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/retention_dialog.py" line="345"/>
        <source>1 family will be erased on {0}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/retention_dialog.py" line="347"/>
        <source>{0} families will be erased on {1}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/retention_dialog.py" line="349"/>
        <source>Place a legal hold on any that must be kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/retention_dialog.py" line="354"/>
        <source>None of your drafts or unsent words is due to be discarded soon.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/retention_dialog.py" line="363"/>
        <source>1 of your drafts or unsent words will be discarded on {0}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/retention_dialog.py" line="365"/>
        <source>{0} of your drafts or unsent words will be discarded on {1}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/retention_dialog.py" line="389"/>
        <source>Working…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/retention_dialog.py" line="421"/>
        <source>The rules were saved. Every laptop of the team receives them at its next sync.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/retention_dialog.py" line="432"/>
        <source>A legal hold was placed on {0}: the rule keeps it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/retention_dialog.py" line="434"/>
        <source>The legal hold on {0} was lifted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/retention_dialog.py" line="447"/>
        <source>Carrying out the rules…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/retention_dialog.py" line="453"/>
        <source>No family was due.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/retention_dialog.py" line="455"/>
        <source>1 family was erased.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/retention_dialog.py" line="457"/>
        <source>{0} families were erased.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/retention_dialog.py" line="461"/>
        <source>{0} drafts or unsent words were discarded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/retention_dialog.py" line="470"/>
        <source>Export the log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/retention_dialog.py" line="470"/>
        <source>CSV files (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/retention_dialog.py" line="493"/>
        <source>Wrote {0} entries to {1} (ids and reasons, no content).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReviewQueueTab</name>
    <message>
        <location filename="../../relapp/ui/supervision/review.py" line="108"/>
        <source>&amp;Practitioner</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/review.py" line="108"/>
        <source>Show reflections by practitioner</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/review.py" line="111"/>
        <source>F&amp;amily</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/review.py" line="111"/>
        <source>Show reflections about family</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/review.py" line="114"/>
        <source>&amp;Theme</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/review.py" line="114"/>
        <source>Show reflections with theme</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/review.py" line="118"/>
        <source>Reflections waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/review.py" line="130"/>
        <source>Submitted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/review.py" line="134"/>
        <source>Practitioner</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/review.py" line="135"/>
        <source>Family</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/review.py" line="136"/>
        <source>Reflection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/review.py" line="138"/>
        <source>Visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/review.py" line="139"/>
        <source>No visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/review.py" line="142"/>
        <source>Themes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/review.py" line="150"/>
        <source>Reflections waiting for review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/review.py" line="161"/>
        <source>Oldest first. Press Enter or double-click to review a reflection.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/review.py" line="255"/>
        <source>The review queue could not be loaded: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/review.py" line="263"/>
        <source>Team member {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/review.py" line="266"/>
        <source>(no family)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/review.py" line="269"/>
        <source>Everyone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/review.py" line="270"/>
        <source>All families</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/review.py" line="271"/>
        <source>All themes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/review.py" line="305"/>
        <source>{0} waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/review.py" line="307"/>
        <source>{0} of {1} waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/review.py" line="310"/>
        <source>Nothing is waiting for review. Reflections your team submits appear here after the next sync.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/review.py" line="314"/>
        <source>Nothing waiting matches these filters. Choose Everyone to see all.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/review.py" line="376"/>
        <source>That reflection could not be opened: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/review.py" line="414"/>
        <source>Marked reviewed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/review.py" line="415"/>
        <source>Marked to discuss in supervision.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/review.py" line="416"/>
        <source>Returned with your question.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/review.py" line="417"/>
        <source>Comment sent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/review.py" line="419"/>
        <source>{0} {1} sees it after the next sync.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/review.py" line="421"/>
        <source>Feedback saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/review.py" line="433"/>
        <source>Your feedback was not saved: {0} Your words are still here.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReviewView</name>
    <message>
        <location filename="../../relapp/ui/supervision/review_view.py" line="55"/>
        <source>← &amp;Back to the queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/review_view.py" line="56"/>
        <source>Back to the review queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/review_view.py" line="57"/>
        <source>Back to the queue (Esc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/review_view.py" line="63"/>
        <source>Review state</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/review_view.py" line="82"/>
        <location filename="../../relapp/ui/supervision/review_view.py" line="233"/>
        <source>The visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/review_view.py" line="86"/>
        <source>The reflection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/review_view.py" line="90"/>
        <source>Check-ins around this visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/review_view.py" line="98"/>
        <source>Feedback</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/review_view.py" line="99"/>
        <source>No feedback yet. Yours will start the conversation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/review_view.py" line="112"/>
        <source>Your &amp;feedback</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/review_view.py" line="119"/>
        <source>Not a reply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/review_view.py" line="120"/>
        <source>Write a new comment instead of a reply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/review_view.py" line="126"/>
        <source>Your feedback</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/review_view.py" line="128"/>
        <source>What you noticed, what you valued, what you would like them to think about</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/review_view.py" line="136"/>
        <source>Mark &amp;reviewed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/review_view.py" line="137"/>
        <source>Sign the reflection off, with your words if any</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/review_view.py" line="138"/>
        <source>To &amp;discuss in supervision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/review_view.py" line="140"/>
        <source>Put it on the agenda of your next supervision session with them</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/review_view.py" line="142"/>
        <source>Return with a &amp;question</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/review_view.py" line="144"/>
        <location filename="../../relapp/ui/supervision/review_view.py" line="302"/>
        <source>Send it back with the question you write above; they answer and amend</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/review_view.py" line="146"/>
        <source>Send &amp;comment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/review_view.py" line="147"/>
        <source>Send your words without changing the state</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/review_view.py" line="190"/>
        <source>submitted {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/review_view.py" line="204"/>
        <source>Your &amp;feedback to {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/review_view.py" line="213"/>
        <source>You</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/review_view.py" line="215"/>
        <source>Returned with a question: waiting for {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/review_view.py" line="219"/>
        <source>Returned earlier with a question, and submitted again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/review_view.py" line="220"/>
        <source>{0}, {1}. Any answers are in the feedback below.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/review_view.py" line="230"/>
        <source>Not about one visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/review_view.py" line="236"/>
        <source>When</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/review_view.py" line="240"/>
        <source>{0}, {1} minutes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/review_view.py" line="241"/>
        <source>How</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/review_view.py" line="244"/>
        <source>Present</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/review_view.py" line="246"/>
        <source>Purpose</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/review_view.py" line="252"/>
        <source>No check-ins for this family near that date.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/review_view.py" line="261"/>
        <source> (at this visit)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/review_view.py" line="277"/>
        <source>⚠ Alert: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/review_view.py" line="291"/>
        <source>your comment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/review_view.py" line="293"/>
        <source>Replying to {0} of {1}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/review_view.py" line="304"/>
        <source>Write your question above first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/review_view.py" line="311"/>
        <source>Write your question first: it is what they will answer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/review_view.py" line="313"/>
        <source>Write your comment first.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ScaleRow</name>
    <message>
        <location filename="../../relapp/ui/scale_row.py" line="104"/>
        <source>Please choose an answer.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SearchDialog</name>
    <message>
        <location filename="../../relapp/ui/search.py" line="235"/>
        <location filename="../../relapp/ui/search.py" line="236"/>
        <source>Search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/search.py" line="244"/>
        <source>Search families, visits, reflections, check-ins, barriers…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/search.py" line="247"/>
        <source>Search for</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/search.py" line="249"/>
        <source>Type words to find. Press Down to go to the results and Enter to open one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/search.py" line="253"/>
        <source>Search status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/search.py" line="261"/>
        <source>Search results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/search.py" line="309"/>
        <source>Search works while Relapp is unlocked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/search.py" line="313"/>
        <source>Type a word or two: a name, a place, something from a reflection. Results appear as you type.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/search.py" line="357"/>
        <source>That search did not work. Try other words.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/search.py" line="393"/>
        <source>The best {0} matches. Add a word to narrow them down.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/search.py" line="395"/>
        <source>1 match. Press Down to choose it, Enter to open it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/search.py" line="397"/>
        <source>{0} matches. Press Down to choose one, Enter to open it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/search.py" line="409"/>
        <source>Nothing matches “{0}”. Check the spelling or try fewer words.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/search.py" line="419"/>
        <source>Search is still being prepared after this laptop&apos;s first sync ({0} records to go): some matches may be missing for a few minutes.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SectionBlock</name>
    <message>
        <location filename="../../relapp/ui/reflection_parts.py" line="126"/>
        <source>Guidance for {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/reflection_parts.py" line="127"/>
        <source>No guidance for this part.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SessionEditor</name>
    <message>
        <location filename="../../relapp/ui/supervision/session_editor.py" line="252"/>
        <source>&amp;Save session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/session_editor.py" line="253"/>
        <source>Save session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/session_editor.py" line="254"/>
        <source>Save this session (Ctrl+S)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/session_editor.py" line="259"/>
        <source>When the session took place</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/session_editor.py" line="262"/>
        <source>Agenda, one item a line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/session_editor.py" line="262"/>
        <source>One item a line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/session_editor.py" line="265"/>
        <location filename="../../relapp/ui/supervision/session_editor.py" line="355"/>
        <source>Notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/session_editor.py" line="265"/>
        <source>What you talked about and what you noticed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/session_editor.py" line="281"/>
        <source>&amp;When:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/session_editor.py" line="287"/>
        <source>A&amp;genda</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/session_editor.py" line="287"/>
        <source>&amp;Notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/session_editor.py" line="292"/>
        <location filename="../../relapp/ui/supervision/session_editor.py" line="296"/>
        <source>Actions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/session_editor.py" line="303"/>
        <source>Open actions are carried into the next session until they are marked done or dropped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/session_editor.py" line="326"/>
        <source>a practitioner</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/session_editor.py" line="328"/>
        <source>New session with {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/session_editor.py" line="330"/>
        <source>Session with {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/session_editor.py" line="355"/>
        <source>When</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/session_editor.py" line="355"/>
        <source>Agenda</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/session_editor.py" line="358"/>
        <source>Supervision session saved</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SessionsTab</name>
    <message>
        <location filename="../../relapp/ui/supervision/sessions.py" line="102"/>
        <source>Practitioner</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/sessions.py" line="105"/>
        <source>&amp;New session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/sessions.py" line="106"/>
        <source>New session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/sessions.py" line="109"/>
        <source>Start a session pre-filled with reflections to discuss and open actions (Ctrl+N)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/sessions.py" line="119"/>
        <source>When</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/sessions.py" line="124"/>
        <location filename="../../relapp/ui/supervision/sessions.py" line="136"/>
        <source>Actions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/sessions.py" line="125"/>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/sessions.py" line="133"/>
        <source>Supervision sessions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/sessions.py" line="150"/>
        <source>Supervision session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/sessions.py" line="164"/>
        <source>&amp;Sessions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/sessions.py" line="182"/>
        <source>&amp;Practitioner:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/sessions.py" line="208"/>
        <source>Your &amp;open actions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/sessions.py" line="214"/>
        <source>Action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/sessions.py" line="215"/>
        <source>Who</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/sessions.py" line="217"/>
        <source>Due</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/sessions.py" line="220"/>
        <source>Agreed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/sessions.py" line="228"/>
        <source>Your open actions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/sessions.py" line="236"/>
        <source>No open actions. Actions agreed in supervision appear here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/sessions.py" line="238"/>
        <source>&amp;Mark done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/sessions.py" line="239"/>
        <source>Mark the chosen action done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/sessions.py" line="254"/>
        <source>You</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/sessions.py" line="254"/>
        <source>Your supervisor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/sessions.py" line="265"/>
        <source>Choose one of your actions first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/sessions.py" line="267"/>
        <source>This action is your supervisor&apos;s: they mark it done.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/sessions.py" line="269"/>
        <source>Mark this action done (your supervisor sees it after a sync).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/sessions.py" line="286"/>
        <source>Marked done. Your supervisor sees it after the next sync.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/sessions.py" line="287"/>
        <source>Action marked done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/sessions.py" line="325"/>
        <source>Your supervisor records your supervision sessions.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/sessions.py" line="332"/>
        <source>There is no practitioner to meet yet: they appear once they join your team.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/sessions.py" line="366"/>
        <source>The supervision sessions could not be loaded. Try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/sessions.py" line="390"/>
        <source>Names of team members could not be read: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/sessions.py" line="422"/>
        <source>{0} (not in the team now)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/sessions.py" line="438"/>
        <source>No practitioners yet. They appear here once they join your team and their first records arrive with a sync.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/sessions.py" line="443"/>
        <source>No sessions with {0} yet — press Ctrl+N to start one, pre-filled with their reflections to discuss and open actions.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/sessions.py" line="447"/>
        <source>No supervision sessions yet. Your supervisor records them; they arrive with a sync.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/sessions.py" line="588"/>
        <source>due {0}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../relapp/ui/settings_dialog.py" line="67"/>
        <location filename="../../relapp/ui/settings_dialog.py" line="68"/>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/settings_dialog.py" line="75"/>
        <source> minutes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/settings_dialog.py" line="76"/>
        <source>Lock after this many minutes without use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/settings_dialog.py" line="83"/>
        <source>Default reflection template</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/settings_dialog.py" line="96"/>
        <source>Text size, in percent of your computer&apos;s size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/settings_dialog.py" line="99"/>
        <source>&amp;Usual size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/settings_dialog.py" line="100"/>
        <source>Back to the usual text size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/settings_dialog.py" line="113"/>
        <location filename="../../relapp/ui/settings_dialog.py" line="165"/>
        <source>Team folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/settings_dialog.py" line="114"/>
        <source>Not chosen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/settings_dialog.py" line="115"/>
        <source>C&amp;hoose…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/settings_dialog.py" line="116"/>
        <location filename="../../relapp/ui/settings_dialog.py" line="206"/>
        <source>Choose the team folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/settings_dialog.py" line="129"/>
        <source>Save settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/settings_dialog.py" line="131"/>
        <source>Cancel, change nothing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/settings_dialog.py" line="138"/>
        <source>Locking</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/settings_dialog.py" line="139"/>
        <source>&amp;Lock after:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/settings_dialog.py" line="142"/>
        <source>Relapp locks itself when it has not been used for this long, so nobody else can read it. Ctrl+L locks at once.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/settings_dialog.py" line="149"/>
        <source>Reflections</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/settings_dialog.py" line="150"/>
        <source>&amp;Default template:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/settings_dialog.py" line="152"/>
        <source>New reflections start with this template. You can change it each time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/settings_dialog.py" line="157"/>
        <source>Text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/settings_dialog.py" line="158"/>
        <source>Text &amp;size:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/settings_dialog.py" line="160"/>
        <source>Makes all text in Relapp larger or smaller. 100 % follows your computer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/settings_dialog.py" line="166"/>
        <source>&amp;Folder:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/settings_dialog.py" line="169"/>
        <source>Where your team&apos;s shared folder is on this laptop. Change it only if the drive letter or path changed: the same team must be there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/settings_dialog.py" line="174"/>
        <source>Not in a team yet: join or create one on the Sync page. The folder chosen here is offered there first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/settings_dialog.py" line="221"/>
        <source>There is no folder at {0}. Choose one that exists.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/settings_dialog.py" line="230"/>
        <source>Looking at the folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/settings_dialog.py" line="250"/>
        <source>Settings saved</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SubjectAccessDialog</name>
    <message>
        <location filename="../../relapp/ui/subject_access_dialog.py" line="46"/>
        <source>this family</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/subject_access_dialog.py" line="49"/>
        <location filename="../../relapp/ui/subject_access_dialog.py" line="50"/>
        <source>Subject access export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/subject_access_dialog.py" line="56"/>
        <source>Everything Relapp holds about {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/subject_access_dialog.py" line="61"/>
        <source>For a subject access request: the family&apos;s record, its visits, check-ins with the questions as asked, reflections and feedback about it, supervision notes that mention it, and who opened or changed its records on this laptop. Two files: a PDF to read and a JSON file for the council&apos;s records team.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/subject_access_dialog.py" line="67"/>
        <source>What the export holds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/subject_access_dialog.py" line="70"/>
        <source>Other people&apos;s information (colleagues, other families, people named in the text) is marked for the council&apos;s redaction review: review the files before anything is shared. They are not encrypted: keep them safe.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/subject_access_dialog.py" line="75"/>
        <source>Review before sharing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/subject_access_dialog.py" line="78"/>
        <source>Folder to save the export in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/subject_access_dialog.py" line="79"/>
        <source>Save in &amp;folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/subject_access_dialog.py" line="81"/>
        <source>&amp;Choose…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/subject_access_dialog.py" line="82"/>
        <source>Choose the folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/subject_access_dialog.py" line="89"/>
        <source>Export progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/subject_access_dialog.py" line="95"/>
        <source>&amp;Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/subject_access_dialog.py" line="96"/>
        <source>Make the subject access export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/subject_access_dialog.py" line="98"/>
        <source>&amp;Open folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/subject_access_dialog.py" line="99"/>
        <source>Open the folder with the export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/subject_access_dialog.py" line="101"/>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/subject_access_dialog.py" line="125"/>
        <source>Save the subject access export in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/subject_access_dialog.py" line="139"/>
        <source>The folder {0} does not exist: choose another.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/subject_access_dialog.py" line="155"/>
        <source>Making the export…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/subject_access_dialog.py" line="171"/>
        <source>Saved {0} ({1} pages) and {2}. {3} places are marked for the redaction review.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/subject_access_dialog.py" line="175"/>
        <location filename="../../relapp/ui/subject_access_dialog.py" line="176"/>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/subject_access_dialog.py" line="183"/>
        <source>Cancelled: nothing was written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/subject_access_dialog.py" line="186"/>
        <source>The export could not be written: {0}. Nothing was written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/subject_access_dialog.py" line="195"/>
        <source>The export could not be made; the details are in the log file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/subject_access_dialog.py" line="211"/>
        <source>Cancelling…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SupervisionPage</name>
    <message>
        <location filename="../../relapp/ui/views/supervision_page.py" line="64"/>
        <source>Supervision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/supervision_page.py" line="68"/>
        <source>Review reflections, give feedback, meet and agree actions, and see how relationships with families are going across the team.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/supervision_page.py" line="73"/>
        <source>What your supervisor said about your reflections, and your supervision sessions and agreed actions.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/supervision_page.py" line="82"/>
        <source>Supervision sections</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SyncController</name>
    <message>
        <location filename="../../relapp/ui/sync_controller.py" line="93"/>
        <source>Syncing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/sync_controller.py" line="114"/>
        <source>Not in a team</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/sync_controller.py" line="164"/>
        <source>{0} · preparing search ({1} records to go)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/sync_controller.py" line="174"/>
        <source>Sync problem: see the Sync page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/sync_controller.py" line="186"/>
        <source>Sync waiting: shared folder not reachable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/sync_controller.py" line="188"/>
        <source>Sync waiting: not approved yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/sync_controller.py" line="190"/>
        <source>1 conflict to resolve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/sync_controller.py" line="192"/>
        <source>{0} conflicts to resolve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/sync_controller.py" line="194"/>
        <source>1 change waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/sync_controller.py" line="196"/>
        <source>{0} changes waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/sync_controller.py" line="197"/>
        <source>Synced {0}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <location filename="../../relapp/ui/views/sync_page.py" line="54"/>
        <source>Reading the team&apos;s state…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_page.py" line="78"/>
        <location filename="../../relapp/ui/views/sync_page.py" line="127"/>
        <location filename="../../relapp/ui/views/sync_page.py" line="306"/>
        <source>Team sync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_page.py" line="81"/>
        <source>Team sync shares your records with the people who should see them, through a shared folder your organisation provides: a network drive or a synced folder such as OneDrive or SharePoint.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_page.py" line="86"/>
        <source>Your families, visits, submitted reflections and check-ins go to you and your supervisors; barriers and change tests to the whole team. Drafts stay on your own laptops. Everything is encrypted on this laptop before it reaches the folder, and each laptop only ever adds its own files there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_page.py" line="92"/>
        <source>You keep working offline as you do now. Whenever the folder can be reached, Relapp syncs in the background every two minutes, and when you press Sync now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_page.py" line="100"/>
        <source>&amp;Join a team…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_page.py" line="101"/>
        <source>Join a team</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_page.py" line="104"/>
        <source>&amp;Create a team…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_page.py" line="105"/>
        <source>Create a team</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_page.py" line="111"/>
        <source>A supervisor creates the team; everyone else joins it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_page.py" line="138"/>
        <source>Last sync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_page.py" line="139"/>
        <source>Last sync:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_page.py" line="141"/>
        <source>Changes waiting to be sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_page.py" line="142"/>
        <source>Waiting to send:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_page.py" line="145"/>
        <location filename="../../relapp/ui/views/sync_page.py" line="417"/>
        <source>&amp;Sync now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_page.py" line="146"/>
        <source>Sync now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_page.py" line="150"/>
        <source>Sync progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_page.py" line="156"/>
        <source>Retention and legal &amp;holds…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_page.py" line="157"/>
        <source>Retention and legal holds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_sections.py" line="87"/>
        <source>Conflicts to resolve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_sections.py" line="88"/>
        <source>The same record was changed on two laptops before they synced. Both versions are kept until you choose one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_sections.py" line="94"/>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_sections.py" line="95"/>
        <source>Record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_sections.py" line="97"/>
        <source>Found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_sections.py" line="102"/>
        <source>No conflicts. If two laptops change the same record, it appears here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_page.py" line="166"/>
        <source>&amp;Resolve…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_page.py" line="166"/>
        <source>Resolve the selected conflict</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_sections.py" line="112"/>
        <source>Join requests</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_sections.py" line="113"/>
        <source>Check the request id with the person (it is shown on their laptop) before approving.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_sections.py" line="118"/>
        <location filename="../../relapp/ui/views/sync_sections.py" line="140"/>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_sections.py" line="120"/>
        <source>Role asked for</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_sections.py" line="123"/>
        <source>Request id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_sections.py" line="125"/>
        <source>No one is waiting to join. New members choose “Join a team…” on their Sync page and tell you their request id.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_page.py" line="174"/>
        <source>Approve as &amp;practitioner</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_page.py" line="175"/>
        <source>Approve the selected request as a practitioner</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_page.py" line="179"/>
        <source>Approve as s&amp;upervisor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_page.py" line="180"/>
        <source>Approve the selected request as a supervisor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_page.py" line="184"/>
        <source>Approve as another &amp;laptop of…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_page.py" line="185"/>
        <source>Approve the selected request as another laptop of a member</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_sections.py" line="137"/>
        <source>Members</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_sections.py" line="141"/>
        <source>Role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_sections.py" line="143"/>
        <location filename="../../relapp/ui/views/sync_sections.py" line="164"/>
        <source>Laptops</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_sections.py" line="148"/>
        <location filename="../../relapp/ui/views/sync_sections.py" line="175"/>
        <location filename="../../relapp/ui/views/sync_sections.py" line="205"/>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_sections.py" line="150"/>
        <location filename="../../relapp/ui/views/sync_sections.py" line="292"/>
        <source>Active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_sections.py" line="152"/>
        <source>Removed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_sections.py" line="156"/>
        <source>The team&apos;s members cannot be read right now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_page.py" line="193"/>
        <source>Re&amp;move from team…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_page.py" line="194"/>
        <source>Remove the selected member from the team</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_sections.py" line="165"/>
        <source>Retire a laptop that will never come back (lost, broken, handed in): this laptop sends again everything it wrote, then removes its files from the shared folder, erased content included. Nothing it wrote is lost; it can never send or receive again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_sections.py" line="173"/>
        <source>Member</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_sections.py" line="174"/>
        <source>Laptop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_sections.py" line="177"/>
        <source>Files read here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_sections.py" line="182"/>
        <source>The team&apos;s laptops cannot be read right now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_page.py" line="203"/>
        <source>Re&amp;tire laptop…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_page.py" line="204"/>
        <source>Retire the selected laptop from the team</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_sections.py" line="190"/>
        <source>Erasure requests</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_sections.py" line="191"/>
        <source>Practitioners ask for a family to be erased from its page. Open the family to carry the request out (Erase family…).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_sections.py" line="198"/>
        <source>Family</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_sections.py" line="200"/>
        <source>(not on this laptop)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_sections.py" line="207"/>
        <source>No one has asked for an erasure.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_page.py" line="213"/>
        <source>&amp;Open family</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_page.py" line="214"/>
        <source>Open the family of the selected erasure request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_sections.py" line="215"/>
        <source>Erasures</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_sections.py" line="216"/>
        <source>Families erased at a request or by the team&apos;s retention rule. Every laptop of the team erases them when it next syncs, and says so here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_page.py" line="529"/>
        <location filename="../../relapp/ui/views/sync_page.py" line="538"/>
        <source>Retire laptop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_page.py" line="530"/>
        <source>Retire {0}&apos;s laptop {1} for good?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_page.py" line="532"/>
        <source>Do this only for a laptop that will never come back. This laptop sends again everything the other one wrote that it has received, then removes its files from the shared folder. The retired laptop can never send or receive again, and anything on it that was never synced stays only there. Its member keeps their place in the team and can be given a new laptop.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_page.py" line="552"/>
        <source>{0}&apos;s laptop {1} was retired. Its changes are now sent from this laptop, and its files were removed from the shared folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_sections.py" line="203"/>
        <location filename="../../relapp/ui/views/sync_sections.py" line="222"/>
        <source>Request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_sections.py" line="224"/>
        <location filename="../../relapp/ui/views/sync_sections.py" line="302"/>
        <source>Erased</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_sections.py" line="229"/>
        <source>Records</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_sections.py" line="234"/>
        <source>Laptops still to confirm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_sections.py" line="237"/>
        <source>None: erased everywhere</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_sections.py" line="241"/>
        <source>No family has been erased.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_page.py" line="224"/>
        <source>Laptops sending unreadable files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_sections.py" line="249"/>
        <source>Files set aside</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_sections.py" line="250"/>
        <source>These files in the shared folder failed a check (damaged, partly copied, or not from a team member), so Relapp did not read them. Relapp never deletes these; tell your IT team if this keeps happening.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_sections.py" line="258"/>
        <source>From</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_sections.py" line="259"/>
        <source>the team folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_sections.py" line="262"/>
        <source>File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_sections.py" line="204"/>
        <location filename="../../relapp/ui/views/sync_sections.py" line="261"/>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_sections.py" line="264"/>
        <source>First seen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_sections.py" line="269"/>
        <source>No files set aside.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_sections.py" line="276"/>
        <source>{0} (you)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_sections.py" line="284"/>
        <source>{0} (this laptop)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_sections.py" line="293"/>
        <source>Retired</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_sections.py" line="294"/>
        <source>Member removed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_sections.py" line="300"/>
        <source>Waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_sections.py" line="301"/>
        <source>Declined</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_page.py" line="300"/>
        <source>The Sync page could not be read: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_page.py" line="304"/>
        <source>Team sync — {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_page.py" line="308"/>
        <source>Shared folder: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_page.py" line="311"/>
        <source>{0} Your work is safe on this laptop and syncs when it can.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_page.py" line="318"/>
        <source>A supervisor retired this laptop from the team. What it holds stays readable here; nothing is sent or received any more. Anything written here since its last sync did not reach the team: export it and ask your supervisor.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_page.py" line="327"/>
        <source>This laptop was removed from the team. What it already has stays readable here; nothing new is sent or received.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_page.py" line="334"/>
        <source>Waiting for a supervisor to approve this laptop. Your request id is {0}; tell your supervisor so they can check it is you.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_page.py" line="343"/>
        <source>Nothing: everything on this laptop has been sent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_page.py" line="345"/>
        <source>1 change, sent at the next sync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_page.py" line="347"/>
        <source>{0} changes, sent at the next sync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_page.py" line="367"/>
        <source>{0}: this laptop sends files Relapp cannot read. Its changes wait here until it sends readable ones; ask them to update Relapp, or your IT team to check the laptop.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_page.py" line="379"/>
        <location filename="../../relapp/ui/views/sync_page.py" line="421"/>
        <source>Syncing now…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_page.py" line="385"/>
        <source>{0}. {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_page.py" line="388"/>
        <source>Not yet since Relapp was unlocked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_page.py" line="391"/>
        <source>The last sync stopped: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_page.py" line="417"/>
        <source>Syncing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_page.py" line="469"/>
        <source>Approved {0}&apos;s laptop as another laptop of {1}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_page.py" line="473"/>
        <source>Approved {0} as a supervisor.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_page.py" line="475"/>
        <source>Approved {0} as a practitioner.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_page.py" line="498"/>
        <location filename="../../relapp/ui/views/sync_page.py" line="506"/>
        <source>Remove from team</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_page.py" line="499"/>
        <source>Remove {0} from the team?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_page.py" line="501"/>
        <source>Their laptops stop receiving anything new from the team from now on, and whatever they send is no longer accepted. What they already synced stays readable to them on their own laptops: Relapp cannot take it back. Their records stay with the team.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/sync_page.py" line="518"/>
        <source>{0} was removed from the team.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TeamOverviewTab</name>
    <message>
        <location filename="../../relapp/ui/supervision/overview.py" line="95"/>
        <source>Each practitioner in your team; supervision is due every {0} days. Press Enter or double-click a row to see their reflections waiting for review.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/overview.py" line="137"/>
        <source>Practitioners in your team</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/overview.py" line="161"/>
        <source>Show their &amp;reflections</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/overview.py" line="163"/>
        <source>Show the chosen practitioner&apos;s reflections waiting for review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/overview.py" line="198"/>
        <source>{0} reflections waiting for review; the oldest was submitted {1}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/overview.py" line="201"/>
        <source>One reflection waiting for review, submitted {0}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/overview.py" line="207"/>
        <source>Nothing waiting for review.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/overview.py" line="209"/>
        <source>No supervision session recorded yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/overview.py" line="211"/>
        <source>Last supervision: {0}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/overview.py" line="216"/>
        <source>⚠ Overdue: it is due every {0} days.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/overview.py" line="218"/>
        <source>Up to date.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/overview.py" line="225"/>
        <source>Open actions ({0})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/overview.py" line="227"/>
        <source>None open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/overview.py" line="231"/>
        <source>Alerts ({0})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/overview.py" line="233"/>
        <source>No family&apos;s latest check-in raised an alert.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/overview.py" line="253"/>
        <source>Your team&apos;s overview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/overview.py" line="257"/>
        <source>You are not in a team yet. Create or join a team on the Sync page; once your practitioners have joined and synced, their reflections, supervision and alerts show here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/overview.py" line="263"/>
        <source>Open the &amp;Sync page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/overview.py" line="264"/>
        <source>Open the Sync page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/overview.py" line="275"/>
        <source>{0} (left the team)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/overview.py" line="279"/>
        <source>None yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/overview.py" line="282"/>
        <source>today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/overview.py" line="284"/>
        <source>yesterday</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/overview.py" line="286"/>
        <source>{0} days ago</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/overview.py" line="292"/>
        <source>None</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/overview.py" line="321"/>
        <source>The shared folder cannot be reached just now, so people show by a short id. Names come back with the next sync that reaches it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/overview.py" line="330"/>
        <source>No practitioners in your team yet. When someone asks to join, approve them on the Sync page.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/overview.py" line="342"/>
        <source>The team overview could not be shown: {0}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ThemesBox</name>
    <message>
        <location filename="../../relapp/ui/reflection_parts.py" line="149"/>
        <source>Themes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/reflection_parts.py" line="156"/>
        <source>Other tags</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/reflection_parts.py" line="157"/>
        <source>Separate with commas, e.g. housing, sleep</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/reflection_parts.py" line="158"/>
        <source>Other ta&amp;gs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/reflection_parts.py" line="170"/>
        <source>Theme: {0}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ThreadView</name>
    <message>
        <location filename="../../relapp/ui/supervision/feedback_widgets.py" line="66"/>
        <source>You</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/feedback_widgets.py" line="78"/>
        <source>Reply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/supervision/feedback_widgets.py" line="79"/>
        <source>Reply to {0}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TodayPage</name>
    <message>
        <location filename="../../relapp/ui/views/today.py" line="179"/>
        <source>Today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/today.py" line="182"/>
        <source>Today&apos;s date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/today.py" line="423"/>
        <source>{0} more on the Reflections page.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/today.py" line="433"/>
        <source>{0} records could not be opened and are left out. Your other records are fine; a backup can bring them back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/today.py" line="452"/>
        <source>This laptop is not in a team yet: the team&apos;s reflections, sessions and alerts show here once it has joined one (Sync page).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/today.py" line="474"/>
        <source>Today&apos;s summary could not be shown: {0}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TodaySection</name>
    <message>
        <location filename="../../relapp/ui/views/today.py" line="69"/>
        <source>{0} more not shown.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TrashDialog</name>
    <message>
        <location filename="../../relapp/ui/trash_dialog.py" line="31"/>
        <location filename="../../relapp/ui/trash_dialog.py" line="32"/>
        <location filename="../../relapp/ui/trash_dialog.py" line="56"/>
        <source>Trash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/trash_dialog.py" line="35"/>
        <source>Records in the trash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/trash_dialog.py" line="36"/>
        <source>What</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/trash_dialog.py" line="36"/>
        <source>Removed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/trash_dialog.py" line="36"/>
        <source>Why</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/trash_dialog.py" line="46"/>
        <source>Nothing is in the trash.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/trash_dialog.py" line="48"/>
        <source>&amp;Put back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/trash_dialog.py" line="49"/>
        <source>Put the chosen record back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/trash_dialog.py" line="60"/>
        <source>What you moved to the trash or marked as entered in error. Both are left out of lists, trends, alerts and reports, and kept in the record&apos;s history; putting one back brings it back on every laptop of the team.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/trash_dialog.py" line="78"/>
        <source>The trash could not be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/trash_dialog.py" line="94"/>
        <source>Entered in error: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/trash_dialog.py" line="98"/>
        <source>Moved to the trash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/trash_dialog.py" line="121"/>
        <source>Put back: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/trash_dialog.py" line="128"/>
        <source>That could not be put back.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TrendChart</name>
    <message>
        <location filename="../../relapp/ui/charts.py" line="248"/>
        <source>{0}: trend chart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/charts.py" line="259"/>
        <source>Alert below {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/charts.py" line="269"/>
        <source>{0}, {1}: {2}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/trend_paint.py" line="82"/>
        <source>Practitioner</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/trend_paint.py" line="83"/>
        <source>Parent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/trend_paint.py" line="84"/>
        <source>Someone else</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/charts.py" line="289"/>
        <source>No check-ins with this instrument yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/charts.py" line="300"/>
        <source>Latest {0} on {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/charts.py" line="304"/>
        <source>{0}: latest {1} on {2}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/charts.py" line="310"/>
        <source> — below the alert threshold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/charts.py" line="314"/>
        <source>, down {0} since the previous check-in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/charts.py" line="318"/>
        <source>{0} check-ins since {1}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/charts.py" line="320"/>
        <source>One check-in so far.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>UnlockView</name>
    <message>
        <location filename="../../relapp/ui/gate.py" line="86"/>
        <source>Relapp is locked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/gate.py" line="87"/>
        <source>Type your passphrase to open your records.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/gate.py" line="88"/>
        <location filename="../../relapp/ui/gate.py" line="89"/>
        <source>Passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/gate.py" line="95"/>
        <source>I forgot my passphrase…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/gate.py" line="97"/>
        <source>Use the recovery code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/gate.py" line="101"/>
        <location filename="../../relapp/ui/gate.py" line="103"/>
        <location filename="../../relapp/ui/gate.py" line="162"/>
        <source>Unlock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/gate.py" line="110"/>
        <source>This is a demo profile with invented families. Its passphrase is: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/gate.py" line="122"/>
        <source>Set a new passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/gate.py" line="124"/>
        <source>Type the recovery code you stored when you created this profile.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/gate.py" line="128"/>
        <location filename="../../relapp/ui/gate.py" line="132"/>
        <source>Recovery code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/gate.py" line="130"/>
        <location filename="../../relapp/ui/gate.py" line="133"/>
        <source>New passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/gate.py" line="131"/>
        <source>New passphrase again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/gate.py" line="134"/>
        <source>Again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/gate.py" line="139"/>
        <source>Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/gate.py" line="143"/>
        <source>Set passphrase and unlock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/gate.py" line="162"/>
        <source>Unlocking…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/gate.py" line="167"/>
        <source>Type your passphrase first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/gate.py" line="190"/>
        <source>Upgrading your records… {0}%</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/gate.py" line="195"/>
        <source>The two passphrases are not the same.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>VersionHistoryDialog</name>
    <message>
        <location filename="../../relapp/ui/reflection_dialogs.py" line="150"/>
        <location filename="../../relapp/ui/reflection_dialogs.py" line="154"/>
        <source>Version history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/reflection_dialogs.py" line="158"/>
        <source>Every save is kept. Choose a version to see what changed since the one listed before it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/reflection_dialogs.py" line="164"/>
        <source>Show every &amp;autosaved draft</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/reflection_dialogs.py" line="165"/>
        <source>Show every autosaved draft</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/reflection_dialogs.py" line="171"/>
        <source>Version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/reflection_dialogs.py" line="173"/>
        <source>Saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/reflection_dialogs.py" line="175"/>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/reflection_dialogs.py" line="176"/>
        <source>Author</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/reflection_dialogs.py" line="182"/>
        <source>Versions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/reflection_dialogs.py" line="192"/>
        <source>Differences between versions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/reflection_dialogs.py" line="202"/>
        <source>Loading the history…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/reflection_dialogs.py" line="213"/>
        <source>Could not be opened</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/reflection_dialogs.py" line="216"/>
        <source>{0} (amending)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/reflection_dialogs.py" line="222"/>
        <source>Team member {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/reflection_dialogs.py" line="259"/>
        <source>Version {0} — {1}. The first saved version.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/reflection_dialogs.py" line="263"/>
        <source>Version {0} — {1}. Compared with version {2} — {3}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/reflection_dialogs.py" line="271"/>
        <source>Reason for amending: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/reflection_dialogs.py" line="273"/>
        <source>The text did not change in this version.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>VisitEditor</name>
    <message>
        <location filename="../../relapp/ui/visit_editor.py" line="97"/>
        <source>← &amp;Back to visits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/visit_editor.py" line="99"/>
        <source>Back to the list of visits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/visit_editor.py" line="100"/>
        <source>Saves this visit and goes back (Esc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/visit_editor.py" line="105"/>
        <location filename="../../relapp/ui/visit_editor.py" line="347"/>
        <location filename="../../relapp/ui/visit_editor.py" line="400"/>
        <source>New visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/visit_editor.py" line="115"/>
        <source>Family</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/visit_editor.py" line="118"/>
        <source>&amp;Family</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/visit_editor.py" line="123"/>
        <source>Date and time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/visit_editor.py" line="125"/>
        <source>&amp;Date and time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/visit_editor.py" line="130"/>
        <source> minutes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/visit_editor.py" line="131"/>
        <source>Duration in minutes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/visit_editor.py" line="133"/>
        <source>D&amp;uration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/visit_editor.py" line="138"/>
        <source>Where the visit happened</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/visit_editor.py" line="140"/>
        <source>&amp;Mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/visit_editor.py" line="146"/>
        <source>&amp;People present</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/visit_editor.py" line="149"/>
        <source>Purpose of the visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/visit_editor.py" line="150"/>
        <source>What the visit was for</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/visit_editor.py" line="154"/>
        <source>P&amp;urpose</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/visit_editor.py" line="158"/>
        <source>&amp;Save visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/visit_editor.py" line="159"/>
        <source>Save visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/visit_editor.py" line="160"/>
        <source>Save (Ctrl+S)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/visit_editor.py" line="164"/>
        <source>D&amp;iscard…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/visit_editor.py" line="165"/>
        <source>Discard this unsaved visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/visit_editor.py" line="166"/>
        <source>Let go of this visit: it was never saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/visit_editor.py" line="203"/>
        <source>Visit form</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/visit_editor.py" line="271"/>
        <source>This is what you were typing before; it is not saved as the visit yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/visit_editor.py" line="302"/>
        <source>Choose a family…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/visit_editor.py" line="298"/>
        <source> — closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/visit_editor.py" line="349"/>
        <location filename="../../relapp/ui/visit_editor.py" line="402"/>
        <source>Fill in what you can; you can come back to it later.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/visit_editor.py" line="368"/>
        <source>Opening the visit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/visit_editor.py" line="434"/>
        <source>{0}, {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/visit_editor.py" line="472"/>
        <source>Choose the family this visit was with.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/visit_editor.py" line="508"/>
        <location filename="../../relapp/ui/visit_editor.py" line="565"/>
        <source>Saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/visit_editor.py" line="511"/>
        <location filename="../../relapp/ui/visit_editor.py" line="566"/>
        <source>Visit saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/visit_editor.py" line="533"/>
        <source>Unfinished visit kept: it is listed on Today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/visit_editor.py" line="542"/>
        <source>Discard this visit?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/visit_editor.py" line="543"/>
        <source>This visit was never saved. Discard what you typed?</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>VisitLinksBox</name>
    <message>
        <location filename="../../relapp/ui/visit_links.py" line="25"/>
        <location filename="../../relapp/ui/visit_links.py" line="27"/>
        <source>After the visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/visit_links.py" line="47"/>
        <source>&lt;b&gt;Reflection&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/visit_links.py" line="53"/>
        <location filename="../../relapp/ui/visit_links.py" line="77"/>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/visit_links.py" line="54"/>
        <source>Open reflection: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/visit_links.py" line="59"/>
        <source>No reflection for this visit yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/visit_links.py" line="61"/>
        <source>Write &amp;reflection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/visit_links.py" line="62"/>
        <source>Write a reflection on this visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/visit_links.py" line="66"/>
        <source>&lt;b&gt;Check-ins&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/visit_links.py" line="69"/>
        <source>you</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/visit_links.py" line="69"/>
        <source>a parent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/visit_links.py" line="70"/>
        <source>someone else</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/visit_links.py" line="73"/>
        <source>{0}, by {1}:{2}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/visit_links.py" line="75"/>
        <source> — below the alert threshold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/visit_links.py" line="78"/>
        <source>Open check-in: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/visit_links.py" line="83"/>
        <source>No check-ins for this visit yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/visit_links.py" line="85"/>
        <source>New &amp;check-in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/visit_links.py" line="86"/>
        <source>Start a check-in for this visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/visit_links.py" line="90"/>
        <source>&lt;b&gt;System barriers&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/visit_links.py" line="93"/>
        <source>Did something outside the family get in the way of this visit?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/visit_links.py" line="98"/>
        <source>Record a &amp;barrier…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/visit_links.py" line="99"/>
        <source>Record a barrier noticed on this visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/visit_links.py" line="104"/>
        <source>These save the visit first.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Visits</name>
    <message>
        <location filename="../../relapp/ui/views/visits.py" line="37"/>
        <source>{0} min</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>VisitsPage</name>
    <message>
        <location filename="../../relapp/ui/views/visits.py" line="76"/>
        <source>Visits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/visits.py" line="79"/>
        <source>&amp;Family:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/visits.py" line="81"/>
        <source>Show visits for family</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/visits.py" line="83"/>
        <location filename="../../relapp/ui/views/visits.py" line="245"/>
        <source>All families</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/visits.py" line="91"/>
        <source>&amp;New visit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/visits.py" line="92"/>
        <source>New visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/visits.py" line="93"/>
        <source>Record a new visit (Ctrl+N)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/visits.py" line="100"/>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/visits.py" line="101"/>
        <source>Family</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/visits.py" line="102"/>
        <source>Mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/visits.py" line="103"/>
        <source>Duration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/visits.py" line="104"/>
        <source>Purpose</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/visits.py" line="120"/>
        <source>Visits, newest first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/visits.py" line="135"/>
        <source>No visits yet — press Ctrl+N to record one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/visits.py" line="261"/>
        <source>No visits with this family yet — press Ctrl+N to record one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/visits.py" line="264"/>
        <source>1 visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/visits.py" line="264"/>
        <source>{0} visits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../relapp/ui/views/visits.py" line="293"/>
        <source>Choose a visit in the list first.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Workspace</name>
    <message>
        <location filename="../../relapp/ui/workspace.py" line="71"/>
        <source>Navigation</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>_TeamDialog</name>
    <message>
        <location filename="../../relapp/ui/team_dialogs.py" line="87"/>
        <source>Shared folder</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>window</name>
    <message>
        <location filename="../../relapp/ui/app.py" line="97"/>
        <source>Building a demo team with invented families, visits and reflections…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
