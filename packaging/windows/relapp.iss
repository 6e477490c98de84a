; Inno Setup 6.3+ script for Relapp on Windows: a per-user install, no administrator rights.
;
; Build the app first with packaging\windows\relapp.spec (it also renders build\icons\relapp.ico),
; then, from the checkout:
;
;   iscc /DAppVersion=0.1.0 packaging\windows\relapp.iss
;
; and get dist\relapp-0.1.0-windows-x64-setup.exe.
;
; The program goes to %LOCALAPPDATA%\Programs\Relapp. The user's data (the encrypted profile,
; backups, settings and logs) lives elsewhere, in %LOCALAPPDATA%\Relapp\Relapp, and this script
; never deletes it: there is deliberately no [UninstallDelete] section, and the uninstaller
; removes only the files this installer put in {app}.

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=x.y.z packaging\windows\relapp.iss
#endif
#define Root AddBackslash(SourcePath) + "..\.."

[Setup]
; Never change AppId: it is how Windows recognises an upgrade of the same app.
AppId={{6CB10E31-CC9C-404D-A703-6F83F500AC8C}
AppName=Relapp
AppVersion={#AppVersion}
AppVerName=Relapp {#AppVersion}
AppPublisher=Relapp team
VersionInfoVersion={#AppVersion}
PrivilegesRequired=lowest
DefaultDirName={localappdata}\Programs\Relapp
DisableDirPage=auto
DisableProgramGroupPage=yes
DefaultGroupName=Relapp
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir={#Root}\dist
OutputBaseFilename=relapp-{#AppVersion}-windows-x64-setup
SetupIconFile={#Root}\build\icons\relapp.ico
UninstallDisplayIcon={app}\relapp.exe
UninstallDisplayName=Relapp
WizardStyle=modern
Compression=lzma2/max
SolidCompression=yes
; Relapp may be open during an upgrade: ask to close it rather than leave old files in use.
CloseApplications=yes
RestartApplications=no

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An upgrade replaces the program's own library folder whole, so no stale DLL of an older
; version is left next to the new ones. This is inside {app}: never the user's data.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#Root}\dist\relapp\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
; The Start-menu entry (the per-user Start menu, as this is a per-user install).
Name: "{group}\Relapp"; Filename: "{app}\relapp.exe"; WorkingDir: "{app}"; Comment: "Reflective practice, kept private"
Name: "{autodesktop}\Relapp"; Filename: "{app}\relapp.exe"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\relapp.exe"; Description: "{cm:LaunchProgram,Relapp}"; Flags: nowait postinstall skipifsilent

[Code]
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if (CurUninstallStep = usPostUninstall) and not UninstallSilent then
    MsgBox('Relapp has been removed. Your records, backups and settings were kept in '
      + ExpandConstant('{localappdata}') + '\Relapp\Relapp; reinstalling Relapp finds them again.',
      mbInformation, MB_OK);
end;
