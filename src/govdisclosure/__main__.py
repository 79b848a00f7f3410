from govdisclosure.cli import main

raise SystemExit(main())
