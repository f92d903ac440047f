<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pt_BR">
<context>
    <name>StatusBadge</name>
    <message>
        <source>Not linked</source>
        <translation>Não vinculado</translation>
    </message>
    <message>
        <source>Pairing</source>
        <translation>Pareando</translation>
    </message>
    <message>
        <source>Connecting</source>
        <translation>Conectando</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>Conectado</translation>
    </message>
    <message numerus="yes">
        <source>Reconnecting in %n s</source>
        <translation><numerusform>Reconectando em %n s</numerusform><numerusform>Reconectando em %n s</numerusform></translation>
    </message>
    <message>
        <source>Reconnecting</source>
        <translation>Reconectando</translation>
    </message>
    <message>
        <source>Logged out</source>
        <translation>Desconectado</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Parado</translation>
    </message>
</context>
<context>
    <name>balcao::AddNumberDialog</name>
    <message>
        <source>Scan a QR code with the phone</source>
        <translation>Ler um QR code com o celular</translation>
    </message>
    <message>
        <source>Enter a pairing code on the phone</source>
        <translation>Digitar um código de pareamento no celular</translation>
    </message>
    <message>
        <source>Add a number</source>
        <translation>Adicionar um número</translation>
    </message>
    <message>
        <source>e.g. Shop downtown</source>
        <translation>ex.: Loja Centro</translation>
    </message>
    <message>
        <source>+55 11 90000-0001</source>
        <translation>+55 11 90000-0001</translation>
    </message>
    <message>
        <source>Add and link</source>
        <translation>Adicionar e vincular</translation>
    </message>
    <message>
        <source>Give the number a name your team will recognise, then choose how to link it. You need the phone with that WhatsApp number at hand.</source>
        <translation>Dê ao número um nome que sua equipe reconheça e escolha como vinculá-lo. Tenha em mãos o celular com esse número do WhatsApp.</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Nome:</translation>
    </message>
    <message>
        <source>Link by:</source>
        <translation>Vincular por:</translation>
    </message>
    <message>
        <source>&amp;Phone number:</source>
        <translation>Número de &amp;telefone:</translation>
    </message>
    <message>
        <source>That phone number does not look right: write it with the country code, e.g. +55 11 90000-0001.</source>
        <translation>Esse número de telefone não parece certo: escreva-o com o código do país, ex.: +55 11 90000-0001.</translation>
    </message>
</context>
<context>
    <name>balcao::ApiSettingsPage</name>
    <message>
        <source>Copy the key now: it is not stored and cannot be shown again.</source>
        <translation>Copie a chave agora: ela não é guardada e não pode ser mostrada de novo.</translation>
    </message>
    <message>
        <source>Serve the local HTTP API</source>
        <translation>Servir a API HTTP local</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Endereço</translation>
    </message>
    <message>
        <source>Changes apply when Balcão starts again. Keep 127.0.0.1 unless other machines must reach the API.</source>
        <translation>As mudanças valem quando o Balcão iniciar de novo. Mantenha 127.0.0.1, a menos que outras máquinas precisem acessar a API.</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>Id</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nome</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Papel</translation>
    </message>
    <message>
        <source>Sessions</source>
        <translation>Sessões</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Criada</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Name (e.g. CRM)</source>
        <translation>Nome (ex.: CRM)</translation>
    </message>
    <message>
        <source>Admin: everything</source>
        <translation>Admin: tudo</translation>
    </message>
    <message>
        <source>Agent: read and send on one session</source>
        <translation>Agente: ler e enviar em uma sessão</translation>
    </message>
    <message>
        <source>Create key</source>
        <translation>Criar chave</translation>
    </message>
    <message>
        <source>Revoke</source>
        <translation>Revogar</translation>
    </message>
    <message>
        <source>Choose the session the agent key may use.</source>
        <translation>Escolha a sessão que a chave de agente pode usar.</translation>
    </message>
</context>
<context>
    <name>balcao::CallsDialog</name>
    <message>
        <source>Reject calls to this number</source>
        <translation>Recusar ligações para este número</translation>
    </message>
    <message>
        <source>Calls to %1</source>
        <translation>Ligações para %1</translation>
    </message>
    <message>
        <source>Balcão cannot take calls. Left alone they ring on the phone; rejected, the caller sees the call declined at once.</source>
        <translation>O Balcão não atende ligações. Sem nada marcado, elas tocam no celular; recusadas, quem liga vê a chamada recusada na hora.</translation>
    </message>
    <message>
        <source>Then send the caller this message (optional):</source>
        <translation>Depois, enviar esta mensagem a quem ligou (opcional):</translation>
    </message>
    <message>
        <source>We don't take calls here: please send us a message.</source>
        <translation>Não atendemos ligações por aqui: mande uma mensagem, por favor.</translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
</context>
<context>
    <name>balcao::ChatPane</name>
    <message>
        <source>Search name, number or message</source>
        <translation>Buscar nome, número ou mensagem</translation>
    </message>
    <message>
        <source>Choose a chat on the left to read and reply.</source>
        <translation>Escolha uma conversa à esquerda para ler e responder.</translation>
    </message>
    <message>
        <source>via %1</source>
        <translation>via %1</translation>
    </message>
</context>
<context>
    <name>balcao::DemoPhone</name>
    <message>
        <source>The demo phone could not scan the code: %1</source>
        <translation>O celular de demonstração não conseguiu ler o código: %1</translation>
    </message>
</context>
<context>
    <name>balcao::LinkPanel</name>
    <message>
        <source>Show a QR code</source>
        <translation>Mostrar um QR code</translation>
    </message>
    <message>
        <source>Phone number, e.g. +55 11 90000-0001</source>
        <translation>Número de telefone, ex.: +55 11 90000-0001</translation>
    </message>
    <message>
        <source>Get a pairing code</source>
        <translation>Obter um código de pareamento</translation>
    </message>
    <message>
        <source>Or link with the phone number instead:</source>
        <translation>Ou vincule pelo número de telefone:</translation>
    </message>
    <message>
        <source>QR code to scan with WhatsApp</source>
        <translation>QR code para ler com o WhatsApp</translation>
    </message>
    <message>
        <source>Simulate scan with phone</source>
        <translation>Simular leitura pelo celular</translation>
    </message>
    <message>
        <source>Demo mode: the emulator's phone scans this code.</source>
        <translation>Modo de demonstração: o celular do emulador lê este código.</translation>
    </message>
    <message>
        <source>The code expired before it was used.</source>
        <translation>O código expirou antes de ser usado.</translation>
    </message>
    <message>
        <source>Get a new code</source>
        <translation>Obter um novo código</translation>
    </message>
    <message>
        <source>Pairing code</source>
        <translation>Código de pareamento</translation>
    </message>
    <message>
        <source>Copy code</source>
        <translation>Copiar código</translation>
    </message>
    <message>
        <source>Getting a fresh code…</source>
        <translation>Obtendo um novo código…</translation>
    </message>
    <message numerus="yes">
        <source>This code changes in %n s</source>
        <translation><numerusform>Este código muda em %n s</numerusform><numerusform>Este código muda em %n s</numerusform></translation>
    </message>
    <message>
        <source>this number</source>
        <translation>este número</translation>
    </message>
    <message>
        <source>Open WhatsApp › Linked devices › Link a device</source>
        <translation>Abra o WhatsApp › Dispositivos conectados › Conectar um dispositivo</translation>
    </message>
    <message>
        <source>Link %1</source>
        <translation>Vincular %1</translation>
    </message>
    <message>
        <source>Have the phone with the WhatsApp number of %1 at hand.</source>
        <translation>Tenha em mãos o celular com o número do WhatsApp de %1.</translation>
    </message>
    <message>
        <source>Choose how to link it: scan a QR code, or type a pairing code on the phone.</source>
        <translation>Escolha como vincular: ler um QR code ou digitar um código de pareamento no celular.</translation>
    </message>
    <message>
        <source>On the phone: %1.</source>
        <translation>No celular: %1.</translation>
    </message>
    <message>
        <source>Asking WhatsApp for a code…</source>
        <translation>Pedindo um código ao WhatsApp…</translation>
    </message>
    <message>
        <source>Scan to link %1</source>
        <translation>Leia para vincular %1</translation>
    </message>
    <message>
        <source>Open &lt;b&gt;WhatsApp&lt;/b&gt; on the phone.</source>
        <translation>Abra o &lt;b&gt;WhatsApp&lt;/b&gt; no celular.</translation>
    </message>
    <message>
        <source>Tap &lt;b&gt;Menu ⋮&lt;/b&gt; (Android) or &lt;b&gt;Settings&lt;/b&gt; (iPhone) and choose &lt;b&gt;Linked devices&lt;/b&gt;.</source>
        <translation>Toque em &lt;b&gt;Mais opções ⋮&lt;/b&gt; (Android) ou &lt;b&gt;Configurações&lt;/b&gt; (iPhone) e escolha &lt;b&gt;Dispositivos conectados&lt;/b&gt;.</translation>
    </message>
    <message>
        <source>Tap &lt;b&gt;Link a device&lt;/b&gt;.</source>
        <translation>Toque em &lt;b&gt;Conectar um dispositivo&lt;/b&gt;.</translation>
    </message>
    <message>
        <source>Point the phone at this screen to capture the code.</source>
        <translation>Aponte o celular para esta tela para capturar o código.</translation>
    </message>
    <message>
        <source>Enter the code on the phone of %1</source>
        <translation>Digite o código no celular de %1</translation>
    </message>
    <message>
        <source>Open &lt;b&gt;WhatsApp&lt;/b&gt; on the phone with the number %1.</source>
        <translation>Abra o &lt;b&gt;WhatsApp&lt;/b&gt; no celular com o número %1.</translation>
    </message>
    <message>
        <source>Tap &lt;b&gt;Menu ⋮&lt;/b&gt; or &lt;b&gt;Settings&lt;/b&gt;, then &lt;b&gt;Linked devices&lt;/b&gt; › &lt;b&gt;Link a device&lt;/b&gt;.</source>
        <translation>Toque em &lt;b&gt;Mais opções ⋮&lt;/b&gt; ou &lt;b&gt;Configurações&lt;/b&gt;, depois em &lt;b&gt;Dispositivos conectados&lt;/b&gt; › &lt;b&gt;Conectar um dispositivo&lt;/b&gt;.</translation>
    </message>
    <message>
        <source>Tap &lt;b&gt;Link with phone number instead&lt;/b&gt;.</source>
        <translation>Toque em &lt;b&gt;Conectar com número de telefone&lt;/b&gt;.</translation>
    </message>
    <message>
        <source>Type the code shown here.</source>
        <translation>Digite o código mostrado aqui.</translation>
    </message>
    <message>
        <source>Pairing code for %1</source>
        <translation>Código de pareamento para %1</translation>
    </message>
    <message>
        <source>Linked! Opening %1…</source>
        <translation>Vinculado! Abrindo %1…</translation>
    </message>
    <message>
        <source>The phone accepted this computer. Balcão is logging in and will show the chats in a moment.</source>
        <translation>O celular aceitou este computador. O Balcão está entrando e mostrará as conversas em instantes.</translation>
    </message>
    <message>
        <source>Logging in…</source>
        <translation>Entrando…</translation>
    </message>
    <message>
        <source>This number was logged out. Link it again to use it here.</source>
        <translation>Este número foi desconectado. Vincule-o de novo para usá-lo aqui.</translation>
    </message>
    <message>
        <source>This number was logged out (%1). Link it again to use it here.</source>
        <translation>Este número foi desconectado (%1). Vincule-o de novo para usá-lo aqui.</translation>
    </message>
    <message>
        <source>This number is stopped.</source>
        <translation>Este número está parado.</translation>
    </message>
    <message>
        <source>This number is stopped (%1).</source>
        <translation>Este número está parado (%1).</translation>
    </message>
</context>
<context>
    <name>balcao::MainWindow</name>
    <message>
        <source>Welcome to Balcão</source>
        <translation>Bem-vindo ao Balcão</translation>
    </message>
    <message>
        <source>Link your business's WhatsApp numbers and answer every customer from one window. Each number keeps its own chats; "All numbers" shows them together.</source>
        <translation>Vincule os números de WhatsApp do seu negócio e atenda todos os clientes em uma só janela. Cada número tem suas conversas; "Todos os números" mostra todas juntas.</translation>
    </message>
    <message>
        <source>Add a number</source>
        <translation>Adicionar um número</translation>
    </message>
    <message>
        <source>Balcão</source>
        <translation>Balcão</translation>
    </message>
    <message>
        <source>Balcão cannot open its data</source>
        <translation>O Balcão não consegue abrir seus dados</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Arquivo</translation>
    </message>
    <message>
        <source>&amp;Add number…</source>
        <translation>&amp;Adicionar número…</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Configurações…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Sair</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Exibir</translation>
    </message>
    <message>
        <source>&amp;Search chats</source>
        <translation>&amp;Buscar conversas</translation>
    </message>
    <message>
        <source>All numbers</source>
        <translation>Todos os números</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>Aj&amp;uda</translation>
    </message>
    <message>
        <source>&amp;About Balcão</source>
        <translation>&amp;Sobre o Balcão</translation>
    </message>
    <message>
        <source>About Balcão</source>
        <translation>Sobre o Balcão</translation>
    </message>
    <message>
        <source>&lt;b&gt;Balcão %1&lt;/b&gt;&lt;p&gt;Several WhatsApp numbers in one native window, for the staff of small businesses.&lt;/p&gt;</source>
        <translation>&lt;b&gt;Balcão %1&lt;/b&gt;&lt;p&gt;Vários números de WhatsApp em uma só janela nativa, para as equipes de pequenos negócios.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Show Balcão</source>
        <translation>Mostrar o Balcão</translation>
    </message>
    <message>
        <source>(%1) Balcão</source>
        <translation>(%1) Balcão</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>balcao::Notifier</name>
    <message numerus="yes">
        <source>Balcão — %n unread message(s)</source>
        <translation><numerusform>Balcão — %n mensagem não lida</numerusform><numerusform>Balcão — %n mensagens não lidas</numerusform></translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>New %1 message</source>
        <translation>Nova mensagem (%1)</translation>
    </message>
</context>
<context>
    <name>balcao::ServerNoticeBanner</name>
    <message>
        <source>WhatsApp says this version is outdated</source>
        <translation>O WhatsApp diz que esta versão está desatualizada</translation>
    </message>
    <message>
        <source>Update Balcão to its latest release. Until then, an administrator can start Balcão with --wa-version set to the version web.whatsapp.com runs today.</source>
        <translation>Atualize o Balcão para a versão mais recente. Até lá, um administrador pode iniciar o Balcão com --wa-version igual à versão que o web.whatsapp.com usa hoje.</translation>
    </message>
    <message>
        <source>WhatsApp has banned this number for a while</source>
        <translation>O WhatsApp bloqueou este número temporariamente</translation>
    </message>
    <message numerus="yes">
        <source>The ban ends %1 (in about %n hour(s)). Trying before then only prolongs it.</source>
        <translation><numerusform>O bloqueio termina em %1 (em cerca de %n hora). Tentar antes disso só o prolonga.</numerusform><numerusform>O bloqueio termina em %1 (em cerca de %n horas). Tentar antes disso só o prolonga.</numerusform></translation>
    </message>
    <message>
        <source>The ban should be over: try again.</source>
        <translation>O bloqueio já deve ter terminado: tente de novo.</translation>
    </message>
    <message>
        <source>WhatsApp refused how Balcão presents itself</source>
        <translation>O WhatsApp recusou a forma como o Balcão se apresenta</translation>
    </message>
    <message>
        <source>Update Balcão to its latest release.</source>
        <translation>Atualize o Balcão para a versão mais recente.</translation>
    </message>
    <message>
        <source>WhatsApp refused to connect this number</source>
        <translation>O WhatsApp recusou conectar este número</translation>
    </message>
    <message>
        <source>Try again later; update Balcão if it keeps happening.</source>
        <translation>Tente de novo mais tarde; atualize o Balcão se continuar acontecendo.</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>Tentar de novo</translation>
    </message>
</context>
<context>
    <name>balcao::SessionClient</name>
    <message>
        <source>The profile is not open, so the command cannot run.</source>
        <translation>O perfil não está aberto, então o comando não pode ser executado.</translation>
    </message>
</context>
<context>
    <name>balcao::SessionDelegate</name>
    <message>
        <source>One inbox for every number</source>
        <translation>Todas as conversas juntas</translation>
    </message>
    <message>
        <source>Not linked yet</source>
        <translation>Ainda não vinculado</translation>
    </message>
</context>
<context>
    <name>balcao::SessionListModel</name>
    <message>
        <source>All numbers</source>
        <translation>Todos os números</translation>
    </message>
    <message>
        <source>Unnamed number</source>
        <translation>Número sem nome</translation>
    </message>
</context>
<context>
    <name>balcao::SessionSidebar</name>
    <message>
        <source>Calls: rejected…</source>
        <translation>Ligações: recusadas…</translation>
    </message>
    <message>
        <source>Calls: ring on the phone…</source>
        <translation>Ligações: tocam no celular…</translation>
    </message>
    <message>
        <source>Numbers</source>
        <translation>Números</translation>
    </message>
    <message>
        <source>Add number</source>
        <translation>Adicionar número</translation>
    </message>
    <message>
        <source>Link another WhatsApp number (Ctrl+N)</source>
        <translation>Vincular outro número de WhatsApp (Ctrl+N)</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Iniciar</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Parar</translation>
    </message>
    <message>
        <source>Log out…</source>
        <translation>Desconectar…</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>Excluir…</translation>
    </message>
    <message>
        <source>Log out %1?</source>
        <translation>Desconectar %1?</translation>
    </message>
    <message>
        <source>Balcão will unlink from %1 and forget this device's keys: the phone will list it no longer, and you will need a new QR code or pairing code to link it again. Chats already stored on this computer stay.</source>
        <translation>O Balcão vai se desvincular de %1 e esquecer as chaves deste dispositivo: o celular deixará de listá-lo, e será preciso um novo QR code ou código de pareamento para vinculá-lo de novo. As conversas já guardadas neste computador permanecem.</translation>
    </message>
    <message>
        <source>Log out</source>
        <translation>Desconectar</translation>
    </message>
    <message>
        <source>Delete %1?</source>
        <translation>Excluir %1?</translation>
    </message>
    <message>
        <source>This erases from this computer everything about %1: its link to the phone and its keys, every chat and message stored for it, and its settings. Messages on the phone itself are not touched. This cannot be undone.</source>
        <translation>Isto apaga deste computador tudo sobre %1: o vínculo com o celular e suas chaves, todas as conversas e mensagens guardadas e suas configurações. As mensagens no próprio celular não são afetadas. Não é possível desfazer.</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Excluir</translation>
    </message>
</context>
<context>
    <name>balcao::SettingsDialog</name>
    <message>
        <source>Show a desktop notification for each new message</source>
        <translation>Mostrar uma notificação na área de trabalho para cada nova mensagem</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Configurações</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>Padrão do sistema</translation>
    </message>
    <message>
        <source>The new language applies when Balcão restarts.</source>
        <translation>O novo idioma vale quando o Balcão for reiniciado.</translation>
    </message>
    <message>
        <source>Restart now</source>
        <translation>Reiniciar agora</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Idioma:</translation>
    </message>
    <message>
        <source>Notifications:</source>
        <translation>Notificações:</translation>
    </message>
    <message>
        <source>General</source>
        <translation>Geral</translation>
    </message>
    <message>
        <source>Webhooks</source>
        <translation>Webhooks</translation>
    </message>
    <message>
        <source>API</source>
        <translation>API</translation>
    </message>
</context>
<context>
    <name>balcao::WebhookLogPage</name>
    <message>
        <source>Refresh</source>
        <translation>Atualizar</translation>
    </message>
    <message>
        <source>Number:</source>
        <translation>Número:</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Criada</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Evento</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Tentativas</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>Resposta</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>Último erro</translation>
    </message>
    <message>
        <source>The delivery log cannot be read: %1</source>
        <translation>O registro de entregas não pode ser lido: %1</translation>
    </message>
    <message>
        <source>This number has no webhook. Set one through the API (PUT /sessions/{id}/webhook).</source>
        <translation>Este número não tem webhook. Configure um pela API (PUT /sessions/{id}/webhook).</translation>
    </message>
    <message numerus="yes">
        <source>Sends to %1 — endpoint %2, %n failure(s) in a row</source>
        <translation><numerusform>Envia para %1 — endpoint %2, %n falha seguida</numerusform><numerusform>Envia para %1 — endpoint %2, %n falhas seguidas</numerusform></translation>
    </message>
</context>
<context>
    <name>balcao::chat</name>
    <message>
        <source>Contact (number hidden)</source>
        <translation>Contato (número oculto)</translation>
    </message>
    <message>
        <source>Photo</source>
        <translation>Foto</translation>
    </message>
    <message>
        <source>Video</source>
        <translation>Vídeo</translation>
    </message>
    <message>
        <source>Voice message</source>
        <translation>Mensagem de voz</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>Documento</translation>
    </message>
    <message>
        <source>Sticker</source>
        <translation>Figurinha</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>Localização</translation>
    </message>
    <message>
        <source>Contact card</source>
        <translation>Contato</translation>
    </message>
    <message>
        <source>Waiting for this message. This may take a while.</source>
        <translation>Aguardando esta mensagem. Isso pode levar algum tempo.</translation>
    </message>
    <message>
        <source>This kind of message cannot be shown here yet.</source>
        <translation>Este tipo de mensagem ainda não pode ser mostrado aqui.</translation>
    </message>
    <message>
        <source>Yesterday</source>
        <translation>Ontem</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Hoje</translation>
    </message>
    <message>
        <source>Waiting to send</source>
        <translation>Aguardando envio</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Enviada</translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation>Entregue</translation>
    </message>
    <message>
        <source>Read</source>
        <translation>Lida</translation>
    </message>
    <message>
        <source>Played</source>
        <translation>Reproduzida</translation>
    </message>
    <message>
        <source>Not sent. Right-click the message and choose Retry to send it again.</source>
        <translation>Não enviada. Clique com o botão direito na mensagem e escolha Reenviar para enviá-la de novo.</translation>
    </message>
</context>
<context>
    <name>balcao::chat::ChatController</name>
    <message>
        <source>Choose a chat to reply.</source>
        <translation>Escolha uma conversa para responder.</translation>
    </message>
    <message>
        <source>Waiting for this number's status…</source>
        <translation>Aguardando o estado deste número…</translation>
    </message>
    <message>
        <source>This number is not linked yet. Link it to send messages.</source>
        <translation>Este número ainda não está vinculado. Vincule-o para enviar mensagens.</translation>
    </message>
    <message>
        <source>Connecting to WhatsApp… You can reply as soon as this number is connected.</source>
        <translation>Conectando ao WhatsApp… Você poderá responder assim que este número estiver conectado.</translation>
    </message>
    <message>
        <source>The connection was lost; reconnecting… You can reply again once it is back.</source>
        <translation>A conexão caiu; reconectando… Você poderá responder de novo quando ela voltar.</translation>
    </message>
    <message>
        <source>This number was logged out. Link it again to send messages.</source>
        <translation>Este número foi desconectado. Vincule-o de novo para enviar mensagens.</translation>
    </message>
    <message>
        <source>This number is stopped. Start it to send messages.</source>
        <translation>Este número está parado. Inicie-o para enviar mensagens.</translation>
    </message>
    <message>
        <source>(%1)</source>
        <translation>(%1)</translation>
    </message>
</context>
<context>
    <name>balcao::chat::ChatView</name>
    <message>
        <source>Copy</source>
        <translation>Copiar</translation>
    </message>
    <message>
        <source>Retry sending</source>
        <translation>Reenviar</translation>
    </message>
</context>
<context>
    <name>balcao::chat::Composer</name>
    <message>
        <source>Type a message</source>
        <translation>Digite uma mensagem</translation>
    </message>
    <message>
        <source>Send (Enter)</source>
        <translation>Enviar (Enter)</translation>
    </message>
</context>
<context>
    <name>balcao::chat::MessageListModel</name>
    <message>
        <source>Not sent: %1</source>
        <translation>Não enviada: %1</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>Document</source>
        <translation>Documento</translation>
    </message>
    <message>
        <source> · click to download</source>
        <translation> · clique para baixar</translation>
    </message>
    <message>
        <source> · click to open</source>
        <translation> · clique para abrir</translation>
    </message>
    <message>
        <source>Open in the map</source>
        <translation>Abrir no mapa</translation>
    </message>
    <message>
        <source>%1 · Message</source>
        <translation>%1 · Conversar</translation>
    </message>
    <message numerus="yes">
        <source> · %n page(s)</source>
        <translation><numerusform> · %n página</numerusform><numerusform> · %n páginas</numerusform></translation>
    </message>
</context>
<context>
    <name>balcao::chat::AttachControls</name>
    <message>
        <source>Attach a photo, video or document</source>
        <translation>Anexar foto, vídeo ou documento</translation>
    </message>
    <message>
        <source>Record a voice note</source>
        <translation>Gravar mensagem de voz</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Send the voice note</source>
        <translation>Enviar a mensagem de voz</translation>
    </message>
    <message>
        <source>Send files</source>
        <translation>Enviar arquivos</translation>
    </message>
    <message>
        <source>The pasted picture could not be kept for sending.</source>
        <translation>Não foi possível guardar a imagem colada para enviar.</translation>
    </message>
</context>
<context>
    <name>balcao::voice::SpeakerOutput</name>
    <message>
        <source>This computer has no speaker or headphones to play on.</source>
        <translation>Este computador não tem alto-falante nem fone para tocar o áudio.</translation>
    </message>
    <message>
        <source>The sound could not be played.</source>
        <translation>Não foi possível tocar o áudio.</translation>
    </message>
</context>
<context>
    <name>balcao::voice::MicrophoneInput</name>
    <message>
        <source>This computer has no microphone to record with.</source>
        <translation>Este computador não tem microfone para gravar.</translation>
    </message>
    <message>
        <source>The microphone could not be opened.</source>
        <translation>Não foi possível abrir o microfone.</translation>
    </message>
</context>
<context>
    <name>balcao::voice::VoiceRecorder</name>
    <message>
        <source>Cannot record: the folder %1 cannot be written.</source>
        <translation>Não é possível gravar: a pasta %1 não pode ser gravada.</translation>
    </message>
    <message>
        <source>Nothing is being recorded.</source>
        <translation>Nada está sendo gravado.</translation>
    </message>
    <message>
        <source>Hold to record: the voice note was too short.</source>
        <translation>A mensagem de voz ficou curta demais.</translation>
    </message>
</context>
<context>
    <name>balcao::MediaSettingsPage</name>
    <message>
        <source>Free space…</source>
        <translation>Liberar espaço…</translation>
    </message>
    <message>
        <source>Photos</source>
        <translation>Fotos</translation>
    </message>
    <message>
        <source>Voice notes and audio</source>
        <translation>Mensagens de voz e áudios</translation>
    </message>
    <message>
        <source>Stickers</source>
        <translation>Figurinhas</translation>
    </message>
    <message>
        <source>Videos</source>
        <translation>Vídeos</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>Documentos</translation>
    </message>
    <message>
        <source>Other files come down when you open them. Numbers use these choices from their next start.</source>
        <translation>Os outros arquivos são baixados quando você os abre. Os números usam estas escolhas a partir do próximo início.</translation>
    </message>
    <message>
        <source>Download automatically:</source>
        <translation>Baixar automaticamente:</translation>
    </message>
    <message>
        <source>On this computer:</source>
        <translation>Neste computador:</translation>
    </message>
    <message>
        <source>No media folder.</source>
        <translation>Sem pasta de mídia.</translation>
    </message>
    <message>
        <source>Measuring…</source>
        <translation>Medindo…</translation>
    </message>
    <message>
        <source>Media files take %1.</source>
        <translation>Os arquivos de mídia ocupam %1.</translation>
    </message>
    <message>
        <source>Free space</source>
        <translation>Liberar espaço</translation>
    </message>
    <message>
        <source>Remove every media file from this computer? The messages stay; a file comes down again when you open it, as long as WhatsApp or your phone still has it.</source>
        <translation>Remover todos os arquivos de mídia deste computador? As mensagens ficam; um arquivo é baixado de novo quando você o abre, enquanto o WhatsApp ou o seu celular ainda o tiver.</translation>
    </message>
</context>
<context>
    <name>balcao::SettingsDialog</name>
    <message>
        <source>Media</source>
        <translation>Mídia</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>View once</source>
        <translation>Visualização única</translation>
    </message>
    <message>
        <source>Live location · %1</source>
        <translation>Localização em tempo real · %1</translation>
    </message>
</context>
</TS>
