import { CallbackPage } from './CallbackPage';

export default CallbackPage;
