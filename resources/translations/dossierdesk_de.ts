<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>About</name>
    <message>
        <source>Collect, search, tag and print defense news articles with their metadata.</source>
        <translation>Verteidigungsnachrichten mit ihren Metadaten sammeln, durchsuchen, taggen und drucken.</translation>
    </message>
    <message>
        <source>Fonts: Noto Sans and Noto Serif (SIL Open Font License).</source>
        <translation>Schriften: Noto Sans und Noto Serif (SIL Open Font License).</translation>
    </message>
    <message>
        <source>About Dossier Desk</source>
        <translation>Über Dossier Desk</translation>
    </message>
</context>
<context>
    <name>ArticleTable</name>
    <message>
        <source>Date</source>
        <translation>Datum</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <source>Authors</source>
        <translation>Autoren</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Quelle</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Tags</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>Bilder</translation>
    </message>
    <message>
        <source>VIRINs</source>
        <translation>VIRINs</translation>
    </message>
    <message>
        <source>Imported</source>
        <translation>Importiert</translation>
    </message>
    <message>
        <source>Match</source>
        <translation>Treffer</translation>
    </message>
    <message>
        <source>{column} (not sortable)</source>
        <extracomment>``loader(epoch, page_number, ids)``: fetch those summaries somewhere (and, when ``ids`` is None, the page&apos;s ids first), then call ``deliver_page(epoch, page_number, summaries, ids)`` on the GUI thread. ``source(offset, limit)``: ids of the result&apos;s rows ``offset`` … (every one when ``limit`` is None), read synchronously.</extracomment>
        <translation>{column} (nicht sortierbar)</translation>
    </message>
    <message numerus="yes">
        <source>{count} article(s)</source>
        <translation>
            <numerusform>{count} Artikel</numerusform>
            <numerusform>{count} Artikel</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Commands</name>
    <message>
        <source>“{name}”</source>
        <translation>„{name}“</translation>
    </message>
    <message numerus="yes">
        <source> and %n more</source>
        <translation>
            <numerusform> und %n weiteres</numerusform>
            <numerusform> und %n weitere</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not do</source>
        <translation>Konnte nicht ausgeführt werden</translation>
    </message>
    <message>
        <source>Could not undo</source>
        <translation>Konnte nicht rückgängig gemacht werden</translation>
    </message>
    <message numerus="yes">
        <source>Tag %n article(s) {tags}</source>
        <translation>
            <numerusform>%n Artikel mit {tags} taggen</numerusform>
            <numerusform>%n Artikel mit {tags} taggen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Untag %n article(s) {tags}</source>
        <translation>
            <numerusform>{tags} von %n Artikel entfernen</numerusform>
            <numerusform>{tags} von %n Artikeln entfernen</numerusform>
        </translation>
    </message>
    <message>
        <source>Merge tag “{old}” into “{new}”</source>
        <translation>Tag „{old}“ mit „{new}“ zusammenführen</translation>
    </message>
    <message>
        <source>Rename tag “{old}”</source>
        <translation>Tag „{old}“ umbenennen</translation>
    </message>
    <message>
        <source>Delete tag “{name}”</source>
        <translation>Tag „{name}“ löschen</translation>
    </message>
    <message>
        <source>Colour of tag “{name}”</source>
        <translation>Farbe des Tags „{name}“</translation>
    </message>
    <message>
        <source>Edit “{title}”</source>
        <translation>„{title}“ bearbeiten</translation>
    </message>
    <message numerus="yes">
        <source>Delete %n article(s)</source>
        <translation>
            <numerusform>%n Artikel löschen</numerusform>
            <numerusform>%n Artikel löschen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Import %n article(s)</source>
        <translation>
            <numerusform>%n Artikel importieren</numerusform>
            <numerusform>%n Artikel importieren</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CopyActions</name>
    <message>
        <source>&amp;Copy</source>
        <extracomment>(message, path or &quot;&quot; on failure) once an export ended</extracomment>
        <translation>&amp;Kopieren</translation>
    </message>
    <message>
        <source>Copy the selected articles: citations for documents and mail, files for folders</source>
        <translation>Die ausgewählten Artikel kopieren: Zitate für Dokumente und E-Mails, Dateien für Ordner</translation>
    </message>
    <message>
        <source>Copy C&amp;itation</source>
        <translation>&amp;Zitat kopieren</translation>
    </message>
    <message>
        <source>Copy the selected articles&apos; citations</source>
        <translation>Die Zitate der ausgewählten Artikel kopieren</translation>
    </message>
    <message>
        <source>Export Selection as CSV/&amp;JSON…</source>
        <translation>Auswahl als CSV/&amp;JSON exportieren…</translation>
    </message>
    <message>
        <source>Write the selected articles&apos; metadata (no text) to a CSV or JSON file</source>
        <translation>Die Metadaten der ausgewählten Artikel (ohne Text) in eine CSV- oder JSON-Datei schreiben</translation>
    </message>
    <message>
        <source>Select articles first</source>
        <translation>Zuerst Artikel auswählen</translation>
    </message>
    <message numerus="yes">
        <source>Copied {count} article(s)</source>
        <translation>
            <numerusform>{count} Artikel kopiert</numerusform>
            <numerusform>{count} Artikel kopiert</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not read the articles: {error}</source>
        <translation>Die Artikel konnten nicht gelesen werden: {error}</translation>
    </message>
    <message numerus="yes">
        <source>Copied {count} citation(s)</source>
        <translation>
            <numerusform>{count} Zitat kopiert</numerusform>
            <numerusform>{count} Zitate kopiert</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Export {count} Article(s)</source>
        <translation>
            <numerusform>{count} Artikel exportieren</numerusform>
            <numerusform>{count} Artikel exportieren</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exporting {count} article(s) to {file}…</source>
        <translation>
            <numerusform>{count} Artikel wird nach {file} exportiert…</numerusform>
            <numerusform>{count} Artikel werden nach {file} exportiert…</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not export to {file}: {error}</source>
        <translation>Export nach {file} fehlgeschlagen: {error}</translation>
    </message>
    <message numerus="yes">
        <source>Exported {count} article(s) to {path}</source>
        <translation>
            <numerusform>{count} Artikel nach {path} exportiert</numerusform>
            <numerusform>{count} Artikel nach {path} exportiert</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DossierCommands</name>
    <message>
        <source>Cannot redo “{command}”: {reason}</source>
        <translation>„{command}“ kann nicht wiederholt werden: {reason}</translation>
    </message>
    <message>
        <source>Cannot undo “{command}”: {reason}</source>
        <translation>„{command}“ kann nicht rückgängig gemacht werden: {reason}</translation>
    </message>
    <message>
        <source>Create dossier “{title}”</source>
        <translation>Dossier „{title}“ anlegen</translation>
    </message>
    <message>
        <source>Duplicate dossier</source>
        <translation>Dossier duplizieren</translation>
    </message>
    <message>
        <source>Delete dossier “{title}”</source>
        <translation>Dossier „{title}“ löschen</translation>
    </message>
    <message>
        <source>Edit dossier “{title}”</source>
        <translation>Dossier „{title}“ bearbeiten</translation>
    </message>
    <message numerus="yes">
        <source>Add %n article(s) to dossier</source>
        <translation>
            <numerusform>%n Artikel zum Dossier hinzufügen</numerusform>
            <numerusform>%n Artikel zum Dossier hinzufügen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Remove %n article(s) from dossier</source>
        <translation>
            <numerusform>%n Artikel aus dem Dossier entfernen</numerusform>
            <numerusform>%n Artikel aus dem Dossier entfernen</numerusform>
        </translation>
    </message>
    <message>
        <source>Reorder dossier</source>
        <translation>Dossier umsortieren</translation>
    </message>
    <message>
        <source>Edit note</source>
        <translation>Notiz bearbeiten</translation>
    </message>
</context>
<context>
    <name>DossierDialogs</name>
    <message>
        <source>New Dossier</source>
        <translation>Neues Dossier</translation>
    </message>
    <message>
        <source>Dossier Properties</source>
        <translation>Dossier-Eigenschaften</translation>
    </message>
</context>
<context>
    <name>DossierEntries</name>
    <message>
        <source>Date</source>
        <translation>Datum</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Quelle</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Notiz</translation>
    </message>
</context>
<context>
    <name>DossierView</name>
    <message>
        <source>Compiled by {name}</source>
        <translation>Zusammengestellt von {name}</translation>
    </message>
    <message numerus="yes">
        <source>{count} article(s)</source>
        <translation>
            <numerusform>{count} Artikel</numerusform>
            <numerusform>{count} Artikel</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Reading {count} article(s)…</source>
        <translation>
            <numerusform>{count} Artikel wird gelesen…</numerusform>
            <numerusform>{count} Artikel werden gelesen…</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not read the dossier: {error}</source>
        <translation>Das Dossier konnte nicht gelesen werden: {error}</translation>
    </message>
</context>
<context>
    <name>DossiersController</name>
    <message>
        <source>Dossier</source>
        <translation>Dossier</translation>
    </message>
    <message>
        <source>No archive is open.</source>
        <translation>Es ist kein Archiv geöffnet.</translation>
    </message>
    <message>
        <source>An undo or redo is still running: try again when it has ended.</source>
        <translation>Ein Rückgängigmachen oder Wiederherstellen läuft noch: Versuchen Sie es erneut, wenn es beendet ist.</translation>
    </message>
    <message>
        <source>Add to &amp;Dossier</source>
        <translation>Zu &amp;Dossier hinzufügen</translation>
    </message>
    <message>
        <source>&amp;New Dossier…</source>
        <translation>&amp;Neues Dossier…</translation>
    </message>
</context>
<context>
    <name>DossiersDialogs</name>
    <message>
        <source>&amp;Title:</source>
        <translation>&amp;Titel:</translation>
    </message>
    <message>
        <source>&amp;Subtitle:</source>
        <translation>&amp;Untertitel:</translation>
    </message>
    <message>
        <source>&amp;Compiled by:</source>
        <translation>&amp;Zusammengestellt von:</translation>
    </message>
    <message>
        <source>&amp;Description:</source>
        <translation>&amp;Beschreibung:</translation>
    </message>
</context>
<context>
    <name>DossiersView</name>
    <message>
        <source>Dossier</source>
        <translation>Dossier</translation>
    </message>
    <message>
        <source>Export PDF…</source>
        <translation>PDF exportieren…</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>Drucken…</translation>
    </message>
    <message>
        <source>Print Preview…</source>
        <translation>Druckvorschau…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Move Up</source>
        <translation>Nach oben</translation>
    </message>
    <message>
        <source>Move Down</source>
        <translation>Nach unten</translation>
    </message>
    <message>
        <source>Edit Properties…</source>
        <translation>Eigenschaften bearbeiten…</translation>
    </message>
    <message>
        <source>No dossier open.</source>
        <translation>Kein Dossier geöffnet.</translation>
    </message>
    <message>
        <source>Drag articles here, or use “Add to Dossier” on articles.</source>
        <translation>Artikel hierher ziehen oder bei Artikeln „Zu Dossier hinzufügen“ wählen.</translation>
    </message>
</context>
<context>
    <name>Drops</name>
    <message>
        <source>Dossier Desk does not download pages: save the page (Ctrl+S in the browser) and drop the saved file.</source>
        <translation>Dossier Desk lädt keine Seiten herunter: Speichern Sie die Seite (Strg+S im Browser) und ziehen Sie die gespeicherte Datei hierher.</translation>
    </message>
</context>
<context>
    <name>Editing</name>
    <message>
        <source>Changed by someone else</source>
        <translation>Von jemand anderem geändert</translation>
    </message>
    <message>
        <source>Overwrite</source>
        <translation>Überschreiben</translation>
    </message>
    <message>
        <source>Keep Their Change</source>
        <translation>Deren Änderung behalten</translation>
    </message>
    <message>
        <source>Merge tags</source>
        <translation>Tags zusammenführen</translation>
    </message>
    <message>
        <source>A tag “{new}” already exists. Merge “{old}” into it? Articles tagged “{old}” will be tagged “{new}”.</source>
        <translation>Ein Tag „{new}“ gibt es bereits. „{old}“ damit zusammenführen? Artikel mit dem Tag „{old}“ erhalten dann das Tag „{new}“.</translation>
    </message>
    <message>
        <source>Could not edit the article</source>
        <translation>Der Artikel konnte nicht bearbeitet werden</translation>
    </message>
    <message>
        <source>Delete this article? You can undo this (Ctrl+Z).</source>
        <translation>Diesen Artikel löschen? Sie können das rückgängig machen (Strg+Z).</translation>
    </message>
    <message numerus="yes">
        <source>Delete these %n articles? You can undo this (Ctrl+Z).</source>
        <translation>
            <numerusform>Diesen %n Artikel löschen? Sie können das rückgängig machen (Strg+Z).</numerusform>
            <numerusform>Diese %n Artikel löschen? Sie können das rückgängig machen (Strg+Z).</numerusform>
        </translation>
    </message>
    <message>
        <source>Delete articles</source>
        <translation>Artikel löschen</translation>
    </message>
    <message>
        <source>Drop</source>
        <translation>Ablegen</translation>
    </message>
    <message>
        <source>Preparing…</source>
        <translation>Wird vorbereitet…</translation>
    </message>
    <message>
        <source>Import failed</source>
        <translation>Import fehlgeschlagen</translation>
    </message>
</context>
<context>
    <name>ErrorDialog</name>
    <message>
        <source>Show details</source>
        <translation>Details anzeigen</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>Hide details</source>
        <translation>Details ausblenden</translation>
    </message>
</context>
<context>
    <name>ExportPdfDialog</name>
    <message>
        <source>Print file &amp;names of articles without a URL</source>
        <translation>Datei&amp;namen von Artikeln ohne URL drucken</translation>
    </message>
</context>
<context>
    <name>HelpViewer</name>
    <message>
        <source>Dossier Desk Help</source>
        <translation>Dossier Desk-Hilfe</translation>
    </message>
    <message>
        <source>User guide</source>
        <translation>Benutzerhandbuch</translation>
    </message>
    <message>
        <source>Contents</source>
        <translation>Inhalt</translation>
    </message>
    <message>
        <source>Search the guide (Ctrl+F)</source>
        <translation>Im Handbuch suchen (Strg+F)</translation>
    </message>
    <message>
        <source>Search the guide</source>
        <translation>Im Handbuch suchen</translation>
    </message>
    <message>
        <source>&amp;Previous</source>
        <translation>&amp;Zurück</translation>
    </message>
    <message>
        <source>&amp;Next</source>
        <translation>&amp;Weiter</translation>
    </message>
    <message numerus="yes">
        <source>%n match(es)</source>
        <translation>
            <numerusform>%n Treffer</numerusform>
            <numerusform>%n Treffer</numerusform>
        </translation>
    </message>
    <message>
        <source>Not found</source>
        <translation>Nicht gefunden</translation>
    </message>
    <message>
        <source>Dossier Desk &amp;Help</source>
        <translation>Dossier Desk-&amp;Hilfe</translation>
    </message>
    <message>
        <source>Open the user guide</source>
        <translation>Das Benutzerhandbuch öffnen</translation>
    </message>
    <message>
        <source>Open the user guide at this topic (F1)</source>
        <translation>Das Benutzerhandbuch bei diesem Thema öffnen (F1)</translation>
    </message>
</context>
<context>
    <name>Importing</name>
    <message>
        <source>Articles and photos ({articles} {photos});;Articles ({articles});;Photos ({photos});;All files (*)</source>
        <extracomment>The Import Files dialog&apos;s filters: articles (saved pages, MHTML, feeds, text, zips) and photos together, either alone, or anything (the format is read from the bytes).</extracomment>
        <translation>Artikel und Fotos ({articles} {photos});;Artikel ({articles});;Fotos ({photos});;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>The import stopped: {error}</source>
        <translation>Der Import wurde abgebrochen: {error}</translation>
    </message>
    <message>
        <source>Importing</source>
        <translation>Import</translation>
    </message>
    <message>
        <source>Preparing…</source>
        <translation>Wird vorbereitet…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Cancelling: finishing the files in progress…</source>
        <translation>Wird abgebrochen: Die begonnenen Dateien werden noch fertig importiert…</translation>
    </message>
    <message numerus="yes">
        <source>%n duplicate(s)</source>
        <translation>
            <numerusform>%n Duplikat</numerusform>
            <numerusform>%n Duplikate</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{done} of %n file(s)</source>
        <translation>
            <numerusform>{done} von %n Datei</numerusform>
            <numerusform>{done} von %n Dateien</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s)</source>
        <translation>
            <numerusform>%n Datei</numerusform>
            <numerusform>%n Dateien</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n imported</source>
        <translation>
            <numerusform>%n importiert</numerusform>
            <numerusform>%n importiert</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n failed</source>
        <translation>
            <numerusform>%n fehlgeschlagen</numerusform>
            <numerusform>%n fehlgeschlagen</numerusform>
        </translation>
    </message>
    <message>
        <source>{summary}. The import stopped: {error}</source>
        <translation>{summary}. Der Import wurde abgebrochen: {error}</translation>
    </message>
    <message>
        <source> (cancelled: the rest was not imported)</source>
        <translation> (abgebrochen: der Rest wurde nicht importiert)</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Duplicates</source>
        <translation>Duplikate</translation>
    </message>
    <message>
        <source>Imported</source>
        <translation>Importiert</translation>
    </message>
    <message>
        <source>Import: {summary}</source>
        <translation>Import: {summary}</translation>
    </message>
    <message>
        <source>Import report</source>
        <translation>Importbericht</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
</context>
<context>
    <name>LiveUpdates</name>
    <message>
        <source>Live updates on</source>
        <extracomment>every batch applied so far (tests and the status bar read it)</extracomment>
        <translation>Live-Aktualisierung an</translation>
    </message>
    <message>
        <source>an unexpected error</source>
        <translation>ein unerwarteter Fehler</translation>
    </message>
    <message>
        <source>Live updates paused ({reason}); retrying…</source>
        <translation>Live-Aktualisierung unterbrochen ({reason}); neuer Versuch…</translation>
    </message>
    <message>
        <source>articles</source>
        <translation>Artikel</translation>
    </message>
    <message>
        <source>tags</source>
        <translation>Tags</translation>
    </message>
    <message>
        <source>photos</source>
        <translation>Fotos</translation>
    </message>
    <message>
        <source>dossiers</source>
        <translation>Dossiers</translation>
    </message>
    <message>
        <source>saved searches</source>
        <translation>gespeicherte Suchen</translation>
    </message>
    <message>
        <source>a colleague</source>
        <translation>Jemand aus dem Team</translation>
    </message>
    <message>
        <source> and </source>
        <translation> und </translation>
    </message>
    <message>
        <source>{users} changed {what}</source>
        <translation>{users}: {what} geändert</translation>
    </message>
    <message>
        <source>the archive</source>
        <translation>das Archiv</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>Dossier Desk</source>
        <translation>Dossier Desk</translation>
    </message>
    <message>
        <source>Cannot open the archive {path}:
{error}

Opening {fallback}.</source>
        <translation>Das Archiv {path} kann nicht geöffnet werden:
{error}

Stattdessen wird {fallback} geöffnet.</translation>
    </message>
    <message>
        <source>Open archive</source>
        <translation>Archiv öffnen</translation>
    </message>
    <message>
        <source>Cannot open {path}:
{error}</source>
        <translation>{path} kann nicht geöffnet werden:
{error}</translation>
    </message>
    <message>
        <source>New archive</source>
        <translation>Neues Archiv</translation>
    </message>
    <message>
        <source>Archives (*.sqlite3)</source>
        <translation>Archive (*.sqlite3)</translation>
    </message>
    <message>
        <source>Archives (*.sqlite3);;All (*)</source>
        <translation>Archive (*.sqlite3);;Alle (*)</translation>
    </message>
    <message>
        <source> (read-only)</source>
        <translation> (schreibgeschützt)</translation>
    </message>
    <message>
        <source>read-only media or file</source>
        <translation>schreibgeschütztes Medium oder schreibgeschützte Datei</translation>
    </message>
    <message>
        <source>The team archive {name}</source>
        <translation>Das Team-Archiv {name}</translation>
    </message>
    <message>
        <source>user {user} may only read it</source>
        <translation>Benutzer {user} darf es nur lesen</translation>
    </message>
    <message>
        <source>your role may only read it</source>
        <translation>Ihre Rolle darf es nur lesen</translation>
    </message>
    <message>
        <source>{what} is read-only ({why}): you can search, read, print and export; importing and editing are off.</source>
        <translation>{what} ist schreibgeschützt ({why}): Sie können suchen, lesen, drucken und exportieren; Importieren und Bearbeiten sind abgeschaltet.</translation>
    </message>
    <message>
        <source>&amp;New Archive…</source>
        <translation>&amp;Neues Archiv…</translation>
    </message>
    <message>
        <source>Create an archive</source>
        <translation>Ein Archiv anlegen</translation>
    </message>
    <message>
        <source>&amp;Open Archive…</source>
        <translation>Archiv ö&amp;ffnen…</translation>
    </message>
    <message>
        <source>Open an archive</source>
        <translation>Ein Archiv öffnen</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <source>&amp;Import Files…</source>
        <translation>Dateien &amp;importieren…</translation>
    </message>
    <message>
        <source>Import article files</source>
        <translation>Artikeldateien importieren</translation>
    </message>
    <message>
        <source>Import &amp;Folder…</source>
        <translation>&amp;Ordner importieren…</translation>
    </message>
    <message>
        <source>Import a folder of articles</source>
        <translation>Einen Ordner mit Artikeln importieren</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>Quit Dossier Desk</source>
        <translation>Dossier Desk beenden</translation>
    </message>
    <message>
        <source>the open dossier, else the selected articles, else the current search</source>
        <translation>das geöffnete Dossier, sonst die ausgewählten Artikel, sonst die aktuelle Suche</translation>
    </message>
    <message>
        <source>&amp;Export as PDF…</source>
        <translation>Als &amp;PDF exportieren…</translation>
    </message>
    <message>
        <source>Export {what} as PDF</source>
        <translation>{what} als PDF exportieren</translation>
    </message>
    <message>
        <source>&amp;Print…</source>
        <translation>&amp;Drucken…</translation>
    </message>
    <message>
        <source>Print {what}</source>
        <translation>{what} drucken</translation>
    </message>
    <message>
        <source>Print Pre&amp;view…</source>
        <translation>Druck&amp;vorschau…</translation>
    </message>
    <message>
        <source>Preview {what} as printed</source>
        <translation>Vorschau: {what} wie gedruckt</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Rückgängig</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Wiederholen</translation>
    </message>
    <message>
        <source>&amp;Undo {step}</source>
        <translation>&amp;Rückgängig: {step}</translation>
    </message>
    <message>
        <source>&amp;Redo {step}</source>
        <translation>&amp;Wiederherstellen: {step}</translation>
    </message>
    <message>
        <source>&amp;Tag Selected…</source>
        <translation>Auswahl &amp;taggen…</translation>
    </message>
    <message>
        <source>Add tags to the selected articles</source>
        <translation>Den ausgewählten Artikeln Tags hinzufügen</translation>
    </message>
    <message>
        <source>&amp;Remove Tag…</source>
        <translation>Tag &amp;entfernen…</translation>
    </message>
    <message>
        <source>Take tags off the selected articles</source>
        <translation>Tags von den ausgewählten Artikeln entfernen</translation>
    </message>
    <message>
        <source>Edit &amp;Metadata…</source>
        <translation>&amp;Metadaten bearbeiten…</translation>
    </message>
    <message>
        <source>Edit the current article</source>
        <translation>Den aktuellen Artikel bearbeiten</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Löschen</translation>
    </message>
    <message>
        <source>Delete the selected articles</source>
        <translation>Die ausgewählten Artikel löschen</translation>
    </message>
    <message>
        <source>Manage Ta&amp;gs…</source>
        <translation>Tags &amp;verwalten…</translation>
    </message>
    <message>
        <source>Rename, merge, colour, delete tags</source>
        <translation>Tags umbenennen, zusammenführen, einfärben, löschen</translation>
    </message>
    <message>
        <source>&amp;Find</source>
        <translation>&amp;Suchen</translation>
    </message>
    <message>
        <source>Focus the search box</source>
        <translation>Zum Suchfeld springen</translation>
    </message>
    <message>
        <source>&amp;Save Search…</source>
        <translation>Suche s&amp;peichern…</translation>
    </message>
    <message>
        <source>Save the current query</source>
        <translation>Die aktuelle Suchanfrage speichern</translation>
    </message>
    <message>
        <source>&amp;Dossier</source>
        <translation>D&amp;ossier</translation>
    </message>
    <message>
        <source>New Dossier from &amp;Selection…</source>
        <translation>Neues Dossier aus &amp;Auswahl…</translation>
    </message>
    <message>
        <source>A new dossier holding the selected articles</source>
        <translation>Ein neues Dossier mit den ausgewählten Artikeln</translation>
    </message>
    <message>
        <source>New Dossier from Sea&amp;rch…</source>
        <translation>Neues Dossier aus &amp;Suche…</translation>
    </message>
    <message>
        <source>A new dossier holding every article the search finds, oldest first</source>
        <translation>Ein neues Dossier mit allen Artikeln, die die Suche findet, die ältesten zuerst</translation>
    </message>
    <message>
        <source>Edit &amp;Properties…</source>
        <translation>&amp;Eigenschaften bearbeiten…</translation>
    </message>
    <message>
        <source>Title, subtitle, compiler and description of the dossier</source>
        <translation>Titel, Untertitel, Verfasser und Beschreibung des Dossiers</translation>
    </message>
    <message>
        <source>&amp;Duplicate</source>
        <translation>&amp;Duplizieren</translation>
    </message>
    <message>
        <source>Copy the dossier</source>
        <translation>Das Dossier kopieren</translation>
    </message>
    <message>
        <source>Delete Dossier</source>
        <translation>Dossier löschen</translation>
    </message>
    <message>
        <source>Delete the dossier (its articles stay in the archive)</source>
        <translation>Das Dossier löschen (seine Artikel bleiben im Archiv)</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>&amp;Tastenkürzel</translation>
    </message>
    <message>
        <source>Every shortcut</source>
        <translation>Alle Tastenkürzel</translation>
    </message>
    <message>
        <source>&amp;About Dossier Desk</source>
        <translation>Ü&amp;ber Dossier Desk</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>Suche läuft…</translation>
    </message>
    <message>
        <source>The dossier is still being read</source>
        <translation>Das Dossier wird noch gelesen</translation>
    </message>
    <message>
        <source>Selected article</source>
        <translation>Ausgewählter Artikel</translation>
    </message>
    <message numerus="yes">
        <source>{count} selected article(s)</source>
        <translation>
            <numerusform>{count} ausgewählter Artikel</numerusform>
            <numerusform>{count} ausgewählte Artikel</numerusform>
        </translation>
    </message>
    <message>
        <source>Tag articles</source>
        <translation>Artikel taggen</translation>
    </message>
    <message>
        <source>Tags (comma separated):</source>
        <translation>Tags (durch Kommas getrennt):</translation>
    </message>
    <message>
        <source>The selected articles have no tags</source>
        <translation>Die ausgewählten Artikel haben keine Tags</translation>
    </message>
    <message>
        <source>Select articles to tag first</source>
        <translation>Zuerst die Artikel auswählen, die getaggt werden sollen</translation>
    </message>
    <message>
        <source>Import articles</source>
        <translation>Artikel importieren</translation>
    </message>
    <message>
        <source>Import a folder</source>
        <translation>Einen Ordner importieren</translation>
    </message>
    <message numerus="yes">
        <source>Imported {count} article(s)</source>
        <translation>
            <numerusform>{count} Artikel importiert</numerusform>
            <numerusform>{count} Artikel importiert</numerusform>
        </translation>
    </message>
    <message>
        <source>Select articles first</source>
        <translation>Zuerst Artikel auswählen</translation>
    </message>
    <message>
        <source>Open or pick a dossier first</source>
        <translation>Zuerst ein Dossier öffnen oder auswählen</translation>
    </message>
    <message>
        <source>Articles</source>
        <translation>Artikel</translation>
    </message>
    <message>
        <source>Result count</source>
        <translation>Anzahl der Ergebnisse</translation>
    </message>
    <message>
        <source>Drop to import into this archive</source>
        <translation>Ablegen, um in dieses Archiv zu importieren</translation>
    </message>
    <message>
        <source>◂ All articles</source>
        <translation>◂ Alle Artikel</translation>
    </message>
    <message>
        <source>Back to the article table (Esc)</source>
        <translation>Zurück zur Artikeltabelle (Esc)</translation>
    </message>
    <message>
        <source>Back to All Articles</source>
        <translation>Zurück zu allen Artikeln</translation>
    </message>
    <message>
        <source>Fit Columns to the Table</source>
        <translation>Spalten an die Tabelle anpassen</translation>
    </message>
    <message>
        <source>Widths follow the table again until you resize a column</source>
        <translation>Die Breiten folgen wieder der Tabelle, bis Sie eine Spalte anders breit ziehen</translation>
    </message>
    <message numerus="yes">
        <source>{count} selected</source>
        <translation>
            <numerusform>{count} ausgewählt</numerusform>
            <numerusform>{count} ausgewählt</numerusform>
        </translation>
    </message>
    <message>
        <source>This article is no longer in the archive.</source>
        <translation>Dieser Artikel ist nicht mehr im Archiv.</translation>
    </message>
    <message>
        <source>Could not read the archive: {error}</source>
        <translation>Das Archiv konnte nicht gelesen werden: {error}</translation>
    </message>
    <message numerus="yes">
        <source>{count} article(s) in the dossier</source>
        <translation>
            <numerusform>{count} Artikel im Dossier</numerusform>
            <numerusform>{count} Artikel im Dossier</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{count}{more} article(s) found</source>
        <translation>
            <numerusform>{count}{more} Artikel gefunden</numerusform>
            <numerusform>{count}{more} Artikel gefunden</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{count}{more} article(s)</source>
        <translation>
            <numerusform>{count}{more} Artikel</numerusform>
            <numerusform>{count}{more} Artikel</numerusform>
        </translation>
    </message>
    <message>
        <source>Type a query first, then save it</source>
        <translation>Zuerst eine Suchanfrage eingeben, dann speichern</translation>
    </message>
    <message>
        <source>Save search</source>
        <translation>Suche speichern</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <source>Search not saved: {error}</source>
        <translation>Suche nicht gespeichert: {error}</translation>
    </message>
    <message>
        <source>Saved search “{name}”</source>
        <translation>Suche „{name}“ gespeichert</translation>
    </message>
    <message>
        <source>Rename Saved Search</source>
        <translation>Gespeicherte Suche umbenennen</translation>
    </message>
    <message>
        <source>New name:</source>
        <translation>Neuer Name:</translation>
    </message>
    <message>
        <source>Could not rename the saved search: {error}</source>
        <translation>Die gespeicherte Suche konnte nicht umbenannt werden: {error}</translation>
    </message>
    <message>
        <source>Could not delete the saved search: {error}</source>
        <translation>Die gespeicherte Suche konnte nicht gelöscht werden: {error}</translation>
    </message>
</context>
<context>
    <name>MetadataDialog</name>
    <message>
        <source>Edit article #{id}</source>
        <translation>Artikel Nr. {id} bearbeiten</translation>
    </message>
    <message>
        <source>YYYY-MM-DD (empty: unknown)</source>
        <translation>JJJJ-MM-TT (leer: unbekannt)</translation>
    </message>
    <message>
        <source>One author per line, or separated by ;</source>
        <translation>Ein Autor pro Zeile oder durch ; getrennt</translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation>&amp;Titel:</translation>
    </message>
    <message>
        <source>&amp;Date:</source>
        <translation>&amp;Datum:</translation>
    </message>
    <message>
        <source>&amp;Authors:</source>
        <translation>&amp;Autoren:</translation>
    </message>
    <message>
        <source>&amp;Source:</source>
        <translation>&amp;Quelle:</translation>
    </message>
    <message>
        <source>Date&amp;line:</source>
        <translation>&amp;Ortsmarke:</translation>
    </message>
    <message>
        <source>&amp;URL:</source>
        <translation>&amp;URL:</translation>
    </message>
    <message>
        <source>Caption</source>
        <translation>Bildunterschrift</translation>
    </message>
    <message>
        <source>Credit</source>
        <translation>Bildnachweis</translation>
    </message>
    <message>
        <source>VIRIN</source>
        <translation>VIRIN</translation>
    </message>
    <message>
        <source>Keep malformed VIRINs as printed</source>
        <translation>Fehlerhafte VIRINs wie gedruckt behalten</translation>
    </message>
    <message>
        <source>Images ({number}):</source>
        <translation>Bilder ({number}):</translation>
    </message>
    <message>
        <source>The title cannot be empty.</source>
        <translation>Der Titel darf nicht leer sein.</translation>
    </message>
    <message>
        <source>“{text}” is not a date (YYYY-MM-DD).</source>
        <translation>„{text}“ ist kein Datum (JJJJ-MM-TT).</translation>
    </message>
    <message>
        <source>Image {number}: VIRIN “{virin}”: {problem}</source>
        <translation>Bild {number}: VIRIN „{virin}“: {problem}</translation>
    </message>
</context>
<context>
    <name>PhotoBrowser</name>
    <message>
        <source>Photo saved to</source>
        <translation>Foto gespeichert unter</translation>
    </message>
    <message>
        <source>Could not read photos:</source>
        <translation>Fotos konnten nicht gelesen werden:</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Articles</source>
        <translation>&amp;Artikel</translation>
    </message>
    <message>
        <source>&amp;Photos</source>
        <translation>&amp;Fotos</translation>
    </message>
    <message>
        <source>Browse the photos of the current search</source>
        <translation>Die Fotos der aktuellen Suche durchsehen</translation>
    </message>
    <message>
        <source>This archive is read-only: photos cannot be attached to images.</source>
        <translation>Dieses Archiv ist schreibgeschützt: Fotos können nicht an Bilder angehängt werden.</translation>
    </message>
    <message>
        <source>Attach Photo</source>
        <translation>Foto anhängen</translation>
    </message>
    <message>
        <source>Attach photo #%1 to an image</source>
        <translation>Foto Nr. %1 an ein Bild anhängen</translation>
    </message>
</context>
<context>
    <name>PhotoFiles</name>
    <message>
        <source>Save Photo As</source>
        <extracomment>Long side of the picture a viewer shows or a copy puts on the clipboard; larger photos are shown through a rendition of this size and never decoded in full.</extracomment>
        <translation>Foto speichern unter</translation>
    </message>
    <message>
        <source>Could not save or copy the photo:</source>
        <translation>Das Foto konnte nicht gespeichert oder kopiert werden:</translation>
    </message>
</context>
<context>
    <name>PhotoViewer</name>
    <message>
        <source>Photo</source>
        <translation>Foto</translation>
    </message>
    <message>
        <source>Loading the photo…</source>
        <translation>Foto wird geladen…</translation>
    </message>
    <message>
        <source>−</source>
        <translation>−</translation>
    </message>
    <message>
        <source>Zoom out (-)</source>
        <translation>Verkleinern (-)</translation>
    </message>
    <message>
        <source>100 %</source>
        <translation>100 %</translation>
    </message>
    <message>
        <source>Actual size (0)</source>
        <translation>Originalgröße (0)</translation>
    </message>
    <message>
        <source>+</source>
        <translation>+</translation>
    </message>
    <message>
        <source>Zoom in (+)</source>
        <translation>Vergrößern (+)</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>Einpassen</translation>
    </message>
    <message>
        <source>Fit to the window (F)</source>
        <translation>In das Fenster einpassen (F)</translation>
    </message>
    <message>
        <source>Save Photo As…</source>
        <translation>Foto speichern unter…</translation>
    </message>
    <message>
        <source>Save the original photo file</source>
        <translation>Die Original-Fotodatei speichern</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>Copy the picture</source>
        <translation>Das Bild kopieren</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>Gespeichert</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>Kopiert</translation>
    </message>
    <message>
        <source>The photo cannot be shown:</source>
        <translation>Das Foto kann nicht angezeigt werden:</translation>
    </message>
    <message>
        <source>Credit:</source>
        <translation>Bildnachweis:</translation>
    </message>
    <message>
        <source>(shown at</source>
        <translation>(angezeigt in</translation>
    </message>
</context>
<context>
    <name>PhotosModel</name>
    <message numerus="yes">
        <source>%n article(s)</source>
        <translation>
            <numerusform>%n Artikel</numerusform>
            <numerusform>%n Artikel</numerusform>
        </translation>
    </message>
    <message>
        <source>standalone</source>
        <translation>eigenständig</translation>
    </message>
    <message>
        <source>Credit:</source>
        <translation>Bildnachweis:</translation>
    </message>
    <message numerus="yes">
        <source>In %n article(s)</source>
        <translation>
            <numerusform>In %n Artikel</numerusform>
            <numerusform>In %n Artikeln</numerusform>
        </translation>
    </message>
    <message>
        <source>Not linked to an article</source>
        <translation>Mit keinem Artikel verknüpft</translation>
    </message>
</context>
<context>
    <name>PhotosView</name>
    <message>
        <source>Photos</source>
        <translation>Fotos</translation>
    </message>
    <message>
        <source>Photos of the articles found</source>
        <translation>Fotos der gefundenen Artikel</translation>
    </message>
    <message>
        <source>All photos in the archive</source>
        <translation>Alle Fotos im Archiv</translation>
    </message>
    <message>
        <source>No photos for this search</source>
        <translation>Keine Fotos zu dieser Suche</translation>
    </message>
    <message>
        <source>No photos yet</source>
        <translation>Noch keine Fotos</translation>
    </message>
    <message>
        <source> — import photo files (JPEG, PNG, WebP) like articles.</source>
        <translation> – Fotodateien (JPEG, PNG, WebP) wie Artikel importieren.</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Öffnen</translation>
    </message>
    <message>
        <source>Save Photo As…</source>
        <translation>Foto speichern unter…</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>Show Article</source>
        <translation>Artikel anzeigen</translation>
    </message>
    <message>
        <source>Show Articles</source>
        <translation>Artikel anzeigen</translation>
    </message>
</context>
<context>
    <name>PrintOptions</name>
    <message>
        <source>Export as PDF</source>
        <translation>Als PDF exportieren</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Durchsuchen…</translation>
    </message>
    <message>
        <source>A4</source>
        <translation>A4</translation>
    </message>
    <message>
        <source>US Letter</source>
        <translation>US Letter</translation>
    </message>
    <message>
        <source>PDF/A-1b (for long-term archiving)</source>
        <translation>PDF/A-1b (für die Langzeitarchivierung)</translation>
    </message>
    <message>
        <source>Off: an article without a web address shows no original; its file path (with your folders) is printed only when this is on</source>
        <translation>Aus: Ein Artikel ohne Webadresse zeigt kein Original; sein Dateipfad (mit Ihren Ordnern) wird nur gedruckt, wenn dies eingeschaltet ist</translation>
    </message>
    <message>
        <source>&amp;File:</source>
        <translation>&amp;Datei:</translation>
    </message>
    <message>
        <source>&amp;Page size:</source>
        <translation>&amp;Seitenformat:</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF-Dateien (*.pdf)</translation>
    </message>
    <message>
        <source>Include &amp;photos</source>
        <translation>&amp;Fotos einschließen</translation>
    </message>
    <message>
        <source>Print each article&apos;s stored photos above their captions (off: captions, credits and VIRINs only, a much smaller file)</source>
        <translation>Die gespeicherten Fotos jedes Artikels über ihren Bildunterschriften drucken (aus: nur Bildunterschriften, Bildnachweise und VIRINs, eine viel kleinere Datei)</translation>
    </message>
</context>
<context>
    <name>PrintOptionsTab</name>
    <message>
        <source>Dossier</source>
        <translation>Dossier</translation>
    </message>
</context>
<context>
    <name>Printing</name>
    <message>
        <source>{path}: unexpected error ({kind}: {error})</source>
        <translation>{path}: unerwarteter Fehler ({kind}: {error})</translation>
    </message>
    <message>
        <source>Exporting “{title}”…</source>
        <translation>„{title}“ wird exportiert…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Export as PDF</source>
        <translation>Als PDF exportieren</translation>
    </message>
    <message>
        <source>Laying out article {number} of {total}…</source>
        <translation>Artikel {number} von {total} wird gesetzt…</translation>
    </message>
    <message>
        <source>Painting article {number} of {total}…</source>
        <translation>Artikel {number} von {total} wird gezeichnet…</translation>
    </message>
    <message>
        <source>An export is already running.</source>
        <translation>Es läuft bereits ein Export.</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n page(s) to {path}</source>
        <translation>
            <numerusform>%n Seite nach {path} exportiert</numerusform>
            <numerusform>%n Seiten nach {path} exportiert</numerusform>
        </translation>
    </message>
    <message>
        <source>The PDF could not be written.

{error}</source>
        <translation>Das PDF konnte nicht geschrieben werden.

{error}</translation>
    </message>
    <message>
        <source>Dossier Desk</source>
        <translation>Dossier Desk</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>Ö&amp;ffnen</translation>
    </message>
    <message>
        <source>Print “{title}”</source>
        <translation>„{title}“ drucken</translation>
    </message>
    <message>
        <source>Printing “{title}”…</source>
        <translation>„{title}“ wird gedruckt…</translation>
    </message>
    <message>
        <source>Printing “{title}” failed: {error}</source>
        <translation>Drucken von „{title}“ fehlgeschlagen: {error}</translation>
    </message>
    <message>
        <source>Print Preview — {title}</source>
        <translation>Druckvorschau – {title}</translation>
    </message>
    <message>
        <source>Include Photos</source>
        <translation>Fotos einschließen</translation>
    </message>
    <message>
        <source>Print the articles&apos; photos</source>
        <translation>Die Fotos der Artikel drucken</translation>
    </message>
    <message>
        <source>Print preview of “{title}” failed: {error}</source>
        <translation>Druckvorschau von „{title}“ fehlgeschlagen: {error}</translation>
    </message>
</context>
<context>
    <name>Reader</name>
    <message>
        <source>Article reader</source>
        <translation>Artikelansicht</translation>
    </message>
    <message>
        <source>Select an article to read it here.</source>
        <translation>Wählen Sie einen Artikel aus, um ihn hier zu lesen.</translation>
    </message>
    <message>
        <source>{month} {day}, {year}</source>
        <translation>{day}. {month} {year}</translation>
    </message>
    <message>
        <source>By {authors}</source>
        <translation>Von {authors}</translation>
    </message>
    <message>
        <source>Tags: {tags}</source>
        <translation>Tags: {tags}</translation>
    </message>
    <message numerus="yes">
        <source>{count} word(s) · imported {when} from {file}</source>
        <translation>
            <numerusform>{count} Wort · importiert {when} aus {file}</numerusform>
            <numerusform>{count} Wörter · importiert {when} aus {file}</numerusform>
        </translation>
    </message>
    <message>
        <source>(image without caption)</source>
        <translation>(Bild ohne Bildunterschrift)</translation>
    </message>
    <message>
        <source>Credit: {credit}</source>
        <translation>Bildnachweis: {credit}</translation>
    </message>
    <message>
        <source>shot {date}</source>
        <translation>aufgenommen {date}</translation>
    </message>
    <message>
        <source>invalid: {problem}</source>
        <translation>ungültig: {problem}</translation>
    </message>
    <message>
        <source>[Image]</source>
        <translation>[Bild]</translation>
    </message>
</context>
<context>
    <name>RemoveTagsDialog</name>
    <message>
        <source>Remove Tags</source>
        <translation>Tags entfernen</translation>
    </message>
    <message>
        <source>article</source>
        <translation>Artikel</translation>
    </message>
    <message>
        <source>articles</source>
        <translation>Artikeln</translation>
    </message>
    <message>
        <source>Tags to take off the {n} selected {noun}:</source>
        <translation>Tags, die von {n} ausgewählten {noun} entfernt werden sollen:</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
</context>
<context>
    <name>SearchBox</name>
    <message>
        <source>Search: words, &quot;phrases&quot;, tag:…, author:…, source:…, date:2024-01..2024-06</source>
        <translation>Suche: Wörter, &quot;Phrasen&quot;, tag:…, author:…, source:…, date:2024-01..2024-06</translation>
    </message>
    <message>
        <source>Search articles</source>
        <translation>Artikel durchsuchen</translation>
    </message>
    <message>
        <source>Query language: words and &quot;phrases&quot;, field:value (title, author, source, tag, credit, virin, service, has, date, after, before, imported), OR, NOT / -, ( ).
Ctrl+F focuses this box.</source>
        <translation>Abfragesprache: Wörter und &quot;Phrasen&quot;, Feld:Wert (title, author, source, tag, credit, virin, service, has, date, after, before, imported), OR, NOT / -, ( ).
Strg+F springt in dieses Feld.</translation>
    </message>
    <message>
        <source>Save search…</source>
        <translation>Suche speichern…</translation>
    </message>
    <message>
        <source>Save this query under a name (listed in the sidebar)</source>
        <translation>Diese Suchanfrage unter einem Namen speichern (in der Seitenleiste aufgeführt)</translation>
    </message>
    <message>
        <source>Save search</source>
        <translation>Suche speichern</translation>
    </message>
    <message>
        <source>Query error</source>
        <translation>Fehler in der Suchanfrage</translation>
    </message>
    <message>
        <source>Problem at character {position}</source>
        <translation>Problem bei Zeichen {position}</translation>
    </message>
</context>
<context>
    <name>Sidebar</name>
    <message>
        <source>No date</source>
        <extracomment>Entries shown per group (sources after grouping their spellings, authors by article count). Sources read for grouping: every spelling of the shown ones (outlets are few). The &quot;No date&quot; entry under Years and its condition.</extracomment>
        <translation>Ohne Datum</translation>
    </message>
    <message>
        <source>Library</source>
        <translation>Bibliothek</translation>
    </message>
    <message>
        <source>Dossiers</source>
        <translation>Dossiers</translation>
    </message>
    <message>
        <source>Saved searches</source>
        <translation>Gespeicherte Suchen</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Tags</translation>
    </message>
    <message>
        <source>Sources</source>
        <translation>Quellen</translation>
    </message>
    <message>
        <source>Authors</source>
        <translation>Autoren</translation>
    </message>
    <message>
        <source>Years</source>
        <translation>Jahre</translation>
    </message>
    <message>
        <source>VIRIN services</source>
        <translation>VIRIN-Teilstreitkräfte</translation>
    </message>
    <message>
        <source>All articles</source>
        <translation>Alle Artikel</translation>
    </message>
    <message numerus="yes">
        <source>{name}: %n spelling(s)</source>
        <translation>
            <numerusform>{name}: %n Schreibweise</numerusform>
            <numerusform>{name}: %n Schreibweisen</numerusform>
        </translation>
    </message>
    <message>
        <source>Articles without a publication date</source>
        <translation>Artikel ohne Veröffentlichungsdatum</translation>
    </message>
    <message>
        <source>No dossiers yet</source>
        <translation>Noch keine Dossiers</translation>
    </message>
    <message>
        <source>Library sidebar</source>
        <translation>Seitenleiste der Bibliothek</translation>
    </message>
    <message>
        <source>Click to filter, Ctrl+click to add the condition, Shift+click to exclude it.
Click a dossier to open it. Drop selected articles on a tag to tag them,
on a dossier to add them to it.</source>
        <translation>Klicken zum Filtern, Strg+Klick fügt die Bedingung hinzu, Umschalt+Klick schließt sie aus.
Ein Klick auf ein Dossier öffnet es. Ausgewählte Artikel auf einem Tag ablegen, um sie zu taggen,
auf einem Dossier, um sie hinzuzufügen.</translation>
    </message>
    <message>
        <source>Rename saved search “{name}”…</source>
        <translation>Gespeicherte Suche „{name}“ umbenennen…</translation>
    </message>
    <message>
        <source>Delete saved search “{name}”</source>
        <translation>Gespeicherte Suche „{name}“ löschen</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Öffnen</translation>
    </message>
    <message>
        <source>Edit Properties…</source>
        <translation>Eigenschaften bearbeiten…</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>Duplizieren</translation>
    </message>
    <message>
        <source>Delete Dossier</source>
        <translation>Dossier löschen</translation>
    </message>
    <message>
        <source>Show only these</source>
        <translation>Nur diese anzeigen</translation>
    </message>
    <message>
        <source>Add to the search (Ctrl+click)</source>
        <translation>Zur Suche hinzufügen (Strg+Klick)</translation>
    </message>
    <message>
        <source>Exclude from the search (Shift+click)</source>
        <translation>Von der Suche ausschließen (Umschalt+Klick)</translation>
    </message>
</context>
<context>
    <name>TagBar</name>
    <message>
        <source>Tag selected articles (Ctrl+T)… commas separate tags</source>
        <translation>Ausgewählte Artikel taggen (Strg+T)… Kommas trennen Tags</translation>
    </message>
    <message>
        <source>Tags to add</source>
        <translation>Hinzuzufügende Tags</translation>
    </message>
    <message>
        <source>Add tag</source>
        <translation>Tag hinzufügen</translation>
    </message>
    <message>
        <source>Remove tag…</source>
        <translation>Tag entfernen…</translation>
    </message>
    <message>
        <source>Take tags off the selected articles (Ctrl+Shift+T)</source>
        <translation>Tags von den ausgewählten Artikeln entfernen (Strg+Umschalt+T)</translation>
    </message>
</context>
<context>
    <name>TagChips</name>
    <message>
        <source>Remove the tag “{tag}” from this article</source>
        <translation>Tag „{tag}“ von diesem Artikel entfernen</translation>
    </message>
</context>
<context>
    <name>TagManager</name>
    <message>
        <source>Tags</source>
        <translation>Tags</translation>
    </message>
    <message>
        <source>Filter tags…</source>
        <translation>Tags filtern…</translation>
    </message>
    <message>
        <source>Tag</source>
        <translation>Tag</translation>
    </message>
    <message>
        <source>Articles</source>
        <translation>Artikel</translation>
    </message>
    <message>
        <source>&amp;Rename / merge…</source>
        <translation>&amp;Umbenennen / zusammenführen…</translation>
    </message>
    <message>
        <source>&amp;Colour…</source>
        <translation>&amp;Farbe…</translation>
    </message>
    <message>
        <source>&amp;No colour</source>
        <translation>&amp;Keine Farbe</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Löschen</translation>
    </message>
    <message>
        <source>Reading the tags…</source>
        <translation>Die Tags werden gelesen…</translation>
    </message>
    <message>
        <source>The tags could not be read: {reason}</source>
        <translation>Die Tags konnten nicht gelesen werden: {reason}</translation>
    </message>
    <message>
        <source>Colour {colour}</source>
        <translation>Farbe {colour}</translation>
    </message>
    <message>
        <source>No colour</source>
        <translation>Keine Farbe</translation>
    </message>
    <message numerus="yes">
        <source>%n tag(s)</source>
        <translation>
            <numerusform>%n Tag</numerusform>
            <numerusform>%n Tags</numerusform>
        </translation>
    </message>
    <message>
        <source>Rename tag</source>
        <translation>Tag umbenennen</translation>
    </message>
    <message>
        <source>New name for “{name}” (an existing tag&apos;s name merges the two):</source>
        <translation>Neuer Name für „{name}“ (der Name eines vorhandenen Tags führt beide zusammen):</translation>
    </message>
    <message numerus="yes">
        <source>Delete the tag “{name}”? It is on %n article(s). You can undo this (Ctrl+Z).</source>
        <translation>
            <numerusform>Das Tag „{name}“ löschen? Es ist an %n Artikel vergeben. Sie können das rückgängig machen (Strg+Z).</numerusform>
            <numerusform>Das Tag „{name}“ löschen? Es ist an %n Artikel vergeben. Sie können das rückgängig machen (Strg+Z).</numerusform>
        </translation>
    </message>
    <message>
        <source>Delete the tag “{name}”? You can undo this (Ctrl+Z).</source>
        <translation>Das Tag „{name}“ löschen? Sie können das rückgängig machen (Strg+Z).</translation>
    </message>
    <message>
        <source>Delete tag</source>
        <translation>Tag löschen</translation>
    </message>
    <message>
        <source>Tag colour</source>
        <translation>Tag-Farbe</translation>
    </message>
</context>
<context>
    <name>TeamDialog</name>
    <message>
        <source>TLS when the server offers it, else unencrypted (libpq&apos;s default)</source>
        <translation>TLS, wenn der Server es anbietet, sonst unverschlüsselt (Standard von libpq)</translation>
    </message>
    <message>
        <source>always TLS, without checking the server&apos;s certificate</source>
        <translation>immer TLS, ohne das Zertifikat des Servers zu prüfen</translation>
    </message>
    <message>
        <source>always TLS; the server&apos;s certificate must be signed by the CA</source>
        <translation>immer TLS; das Zertifikat des Servers muss von der CA signiert sein</translation>
    </message>
    <message>
        <source>always TLS; certificate signed by the CA and issued for this host name</source>
        <translation>immer TLS; Zertifikat von der CA signiert und für diesen Hostnamen ausgestellt</translation>
    </message>
    <message>
        <source>never TLS (only on a trusted network)</source>
        <translation>nie TLS (nur in einem vertrauenswürdigen Netz)</translation>
    </message>
    <message>
        <source>Open Team Archive</source>
        <translation>Team-Archiv öffnen</translation>
    </message>
    <message>
        <source>A team archive is a PostgreSQL database shared by several people. The password is taken from ~/.pgpass, or asked for when the server wants one; it is never stored.</source>
        <translation>Ein Team-Archiv ist eine PostgreSQL-Datenbank, die mehrere Personen gemeinsam nutzen. Das Passwort wird aus ~/.pgpass gelesen oder abgefragt, wenn der Server eines verlangt; es wird nie gespeichert.</translation>
    </message>
    <message>
        <source>&amp;Server</source>
        <translation>&amp;Server</translation>
    </message>
    <message>
        <source>Ser&amp;vice name (pg_service.conf)</source>
        <translation>Dienst&amp;name (pg_service.conf)</translation>
    </message>
    <message>
        <source>your user name</source>
        <translation>Ihr Benutzername</translation>
    </message>
    <message>
        <source>optional: the CA certificate (sslrootcert)</source>
        <translation>optional: das CA-Zertifikat (sslrootcert)</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Durchsuchen…</translation>
    </message>
    <message>
        <source>&amp;Host:</source>
        <translation>&amp;Host:</translation>
    </message>
    <message>
        <source>&amp;Port:</source>
        <translation>&amp;Port:</translation>
    </message>
    <message>
        <source>&amp;TLS:</source>
        <translation>&amp;TLS:</translation>
    </message>
    <message>
        <source>&amp;CA certificate:</source>
        <translation>&amp;CA-Zertifikat:</translation>
    </message>
    <message>
        <source>Service na&amp;me:</source>
        <translation>Dienstna&amp;me:</translation>
    </message>
    <message>
        <source>&amp;Database:</source>
        <translation>Daten&amp;bank:</translation>
    </message>
    <message>
        <source>&amp;User:</source>
        <translation>Ben&amp;utzer:</translation>
    </message>
    <message>
        <source>Address: {address}</source>
        <translation>Adresse: {address}</translation>
    </message>
    <message>
        <source>CA certificate</source>
        <translation>CA-Zertifikat</translation>
    </message>
    <message>
        <source>Certificates (*.crt *.pem *.cer);;All (*)</source>
        <translation>Zertifikate (*.crt *.pem *.cer);;Alle (*)</translation>
    </message>
    <message>
        <source>Team archive password</source>
        <translation>Passwort für das Team-Archiv</translation>
    </message>
    <message>
        <source>Password for {name}:</source>
        <translation>Passwort für {name}:</translation>
    </message>
    <message>
        <source>{address}: the PostgreSQL driver is not installed (pip install &apos;psycopg[binary]&apos;)</source>
        <translation>{address}: Der PostgreSQL-Treiber ist nicht installiert (pip install &apos;psycopg[binary]&apos;)</translation>
    </message>
    <message>
        <source>Open team archive</source>
        <translation>Team-Archiv öffnen</translation>
    </message>
    <message>
        <source>Cannot open the team archive:
{problem}</source>
        <translation>Das Team-Archiv kann nicht geöffnet werden:
{problem}</translation>
    </message>
    <message>
        <source>Open &amp;Team Archive…</source>
        <translation>&amp;Team-Archiv öffnen…</translation>
    </message>
    <message>
        <source>Open an archive shared on a PostgreSQL server</source>
        <translation>Ein auf einem PostgreSQL-Server gemeinsam genutztes Archiv öffnen</translation>
    </message>
</context>
<context>
    <name>Timeline</name>
    <message>
        <source>Timeline: articles per month</source>
        <translation>Zeitleiste: Artikel pro Monat</translation>
    </message>
    <message>
        <source>Articles per month. Drag across months to filter by that date range.</source>
        <translation>Artikel pro Monat. Über Monate ziehen, um nach diesem Zeitraum zu filtern.</translation>
    </message>
    <message>
        <source>No dated articles</source>
        <translation>Keine datierten Artikel</translation>
    </message>
    <message numerus="yes">
        <source>{month}: {count} article(s)</source>
        <translation>
            <numerusform>{month}: {count} Artikel</numerusform>
            <numerusform>{month}: {count} Artikel</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>WatchFolders</name>
    <message>
        <source>Watch Folders</source>
        <translation>Überwachte Ordner</translation>
    </message>
    <message>
        <source>Import new files that appear in these folders</source>
        <translation>Neue Dateien importieren, die in diesen Ordnern erscheinen</translation>
    </message>
    <message>
        <source>Files are imported once they stop growing; files already there are left alone. The originals are never moved or deleted. Subfolders are not watched.</source>
        <translation>Dateien werden importiert, sobald sie nicht mehr wachsen; bereits vorhandene Dateien bleiben unberührt. Die Originale werden nie verschoben oder gelöscht. Unterordner werden nicht überwacht.</translation>
    </message>
    <message>
        <source>&amp;Add…</source>
        <translation>&amp;Hinzufügen…</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <source>Watch Folder</source>
        <translation>Ordner überwachen</translation>
    </message>
    <message numerus="yes">
        <source>Imported %n file(s) from {folder}</source>
        <translation>
            <numerusform>%n Datei aus {folder} importiert</numerusform>
            <numerusform>%n Dateien aus {folder} importiert</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> (%n skipped or failed)</source>
        <translation>
            <numerusform> (%n übersprungen oder fehlgeschlagen)</numerusform>
            <numerusform> (%n übersprungen oder fehlgeschlagen)</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Watch Folders…</source>
        <translation>Ordner &amp;überwachen…</translation>
    </message>
    <message>
        <source>Import new files that appear in chosen folders</source>
        <translation>Neue Dateien importieren, die in ausgewählten Ordnern erscheinen</translation>
    </message>
</context>
<context>
    <name>Welcome</name>
    <message>
        <source>Welcome</source>
        <translation>Willkommen</translation>
    </message>
    <message>
        <source>Welcome to Dossier Desk</source>
        <translation>Willkommen bei Dossier Desk</translation>
    </message>
    <message>
        <source>This archive is empty. Import saved articles (web pages, crawler text, RSS or Atom feeds, plain text, or .zip files of them), or drop files anywhere on this window.</source>
        <translation>Dieses Archiv ist leer. Importieren Sie gespeicherte Artikel (Webseiten, Crawler-Text, RSS- oder Atom-Feeds, reinen Text oder .zip-Dateien davon) oder ziehen Sie Dateien an eine beliebige Stelle dieses Fensters.</translation>
    </message>
    <message>
        <source>Import files…</source>
        <translation>Dateien importieren…</translation>
    </message>
    <message>
        <source>Choose article files to import (Ctrl+I)</source>
        <translation>Zu importierende Artikeldateien auswählen (Strg+I)</translation>
    </message>
    <message>
        <source>Import a folder…</source>
        <translation>Einen Ordner importieren…</translation>
    </message>
    <message>
        <source>Import every article file in a folder and its subfolders</source>
        <translation>Alle Artikeldateien eines Ordners und seiner Unterordner importieren</translation>
    </message>
    <message>
        <source>Try it with sample articles</source>
        <translation>Mit Beispielartikeln ausprobieren</translation>
    </message>
    <message>
        <source>Import the sample articles that come with Dossier Desk</source>
        <translation>Die Beispielartikel importieren, die Dossier Desk mitbringt</translation>
    </message>
</context>
</TS>
