import { runService } from '@gt/service-kit';
import { alertingService } from './service';

void runService(alertingService);
