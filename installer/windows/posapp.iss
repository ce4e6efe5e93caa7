; Inno Setup script: a per-machine installer around the one-dir bundle.
; Build on Windows after `make dist` (or `pyinstaller build.spec`):
;     iscc installer\windows\posapp.iss      ->  dist\posapp-setup-<version>.exe
; The shop's data lives in %LOCALAPPDATA%\posapp, outside {app}: installing over an older
; version, or uninstalling, never touches it. The application migrates its own database, with a
; backup first, when the new version starts.

#define AppVersion GetEnv("POSAPP_VERSION")
#if AppVersion == ""
  #define AppVersion "0.1.0"
#endif

[Setup]
AppId={{6B1E1C52-4C1B-4E0B-9D5A-0F6C5C1A7A11}
AppName=posapp
AppVersion={#AppVersion}
AppPublisher=posapp
DefaultDirName={autopf}\posapp
DefaultGroupName=posapp
OutputDir=..\..\dist
OutputBaseFilename=posapp-setup-{#AppVersion}
Compression=lzma2
SolidCompression=yes
ArchitecturesInstallIn64BitMode=x64compatible
PrivilegesRequired=admin
UninstallDisplayIcon={app}\posapp.exe

[Files]
Source: "..\..\dist\posapp\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\posapp"; Filename: "{app}\posapp.exe"; Parameters: "run"
Name: "{group}\posapp training"; Filename: "{app}\posapp.exe"; Parameters: "run --training"
Name: "{group}\Uninstall posapp"; Filename: "{uninstallexe}"
Name: "{autodesktop}\posapp"; Filename: "{app}\posapp.exe"; Parameters: "run"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "Create a desktop shortcut"; GroupDescription: "Shortcuts:"

[Run]
Filename: "{app}\posapp.exe"; Parameters: "selftest"; Description: "Check the installation"; Flags: postinstall runhidden skipifsilent unchecked

; No [UninstallDelete] and no [InstallDelete] entries: only the files above are ever removed.
