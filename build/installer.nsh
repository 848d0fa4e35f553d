; Included by electron-builder's NSIS script (electron-builder.yml, nsis.include).
;
; Vigie reads its machine-wide configuration from %PROGRAMDATA%\Vigie\config.json. ProgramData lets
; ordinary users create sub-folders, so a user who created Vigie\ first could write the config the
; wall trusts (camera addresses). The installer therefore creates the folder itself with an explicit
; ACL: SYSTEM and Administrators full control, Users read only. A folder that already exists is left
; as it is, so an ACL metro IT set (e.g. read for an operators group only) survives updates.
; SIDs rather than names: group names are localised ("Administrateurs", "Utilisateurs").

!macro customInstall
  Push $0
  Push $1
  ReadEnvStr $0 PROGRAMDATA
  StrCmp $0 "" vigie_programdata_done
  IfFileExists "$0\Vigie\*.*" vigie_programdata_done
  CreateDirectory "$0\Vigie"
  nsExec::ExecToLog 'icacls "$0\Vigie" /inheritance:r /grant:r *S-1-5-18:(OI)(CI)F *S-1-5-32-544:(OI)(CI)F *S-1-5-32-545:(OI)(CI)RX'
  Pop $1
  vigie_programdata_done:
  Pop $1
  Pop $0
!macroend
